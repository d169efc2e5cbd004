using System;

namespace RaftSdk;

/// <summary>
/// A call to a peer failed in the transport: the peer could not be reached, answered with a
/// status other than 200, took too long, or sent a body that is not the expected message.
/// Catch this type to handle every transport failure; the subclasses tell which one it was.
/// </summary>
public class RaftTransportException : Exception
{
    /// <summary>Creates the exception for a call to <paramref name="address"/> on <paramref name="path"/>.</summary>
    /// <param name="message">The text of the failure.</param>
    /// <param name="address">The peer address that was called, <c>host:port</c>.</param>
    /// <param name="path">The request path, for example <c>/raft/append</c>.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public RaftTransportException(string message, string address, string path, Exception? innerException = null)
        : base(message, innerException)
    {
        Address = address ?? string.Empty;
        Path = path ?? string.Empty;
    }

    /// <summary>The peer address that was called, <c>host:port</c> (no scheme).</summary>
    public string Address { get; }

    /// <summary>The request path of the call, for example <c>/raft/append</c>.</summary>
    public string Path { get; }
}
