using System;
using System.Globalization;

namespace RaftSdk;

/// <summary>
/// The whole call (connect, send and read) did not finish within the client's timeout. A
/// cancellation requested by the caller is not a timeout: it surfaces as an
/// <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class RaftTimeoutException : RaftTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="timeout">The timeout that expired.</param>
    /// <param name="address">The peer address, <c>host:port</c>.</param>
    /// <param name="path">The request path.</param>
    /// <param name="innerException">The cancellation that the timeout caused, if any.</param>
    public RaftTimeoutException(TimeSpan timeout, string address, string path, Exception? innerException = null)
        : base(string.Create(CultureInfo.InvariantCulture, $"The call to {path} on {address} did not complete within the timeout of {timeout.TotalMilliseconds:0.###} ms"), address, path, innerException)
    {
        Timeout = timeout;
    }

    /// <summary>The timeout that expired.</summary>
    public TimeSpan Timeout { get; }
}
