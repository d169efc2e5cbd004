using System;

namespace RaftSdk;

/// <summary>
/// The peer answered, but not with what the protocol promises: a 200 body that is not a valid
/// message, misses a required field, or is larger than the client's response size limit; or an
/// answer that is not valid HTTP.
/// </summary>
public sealed class RaftProtocolException : RaftTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong with the answer.</param>
    /// <param name="address">The peer address, <c>host:port</c>.</param>
    /// <param name="path">The request path.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public RaftProtocolException(string message, string address, string path, Exception? innerException = null)
        : base(message, address, path, innerException)
    {
    }
}
