using System;

namespace RaftSdk;

/// <summary>
/// The peer could not be reached or the connection broke: connection refused or reset, a DNS
/// failure, or a failed TLS handshake. <see cref="Failure"/> says which; the inner exception
/// keeps the details.
/// </summary>
public sealed class RaftConnectionException : RaftTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failure">The kind of connection failure.</param>
    /// <param name="address">The peer address, <c>host:port</c>.</param>
    /// <param name="path">The request path.</param>
    /// <param name="innerException">The underlying failure.</param>
    public RaftConnectionException(RaftConnectionFailure failure, string address, string path, Exception? innerException)
        : base(FormatMessage(failure, address, path, innerException), address, path, innerException)
    {
        Failure = failure;
    }

    /// <summary>Why the connection failed.</summary>
    public RaftConnectionFailure Failure { get; }

    private static string FormatMessage(RaftConnectionFailure failure, string address, string path, Exception? inner)
    {
        string what = failure switch
        {
            RaftConnectionFailure.ConnectionRefused => "connection refused",
            RaftConnectionFailure.ConnectionReset => "connection reset or closed by the peer",
            RaftConnectionFailure.NameResolution => "host name could not be resolved",
            RaftConnectionFailure.TlsHandshake => "TLS handshake failed",
            _ => "connection failed",
        };
        string message = $"Cannot call {path} on {address}: {what}";
        return inner is null ? message : message + " (" + inner.Message + ")";
    }
}
