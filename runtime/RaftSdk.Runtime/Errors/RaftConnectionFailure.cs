namespace RaftSdk;

/// <summary>Why a connection to a peer failed; see <see cref="RaftConnectionException.Failure"/>.</summary>
public enum RaftConnectionFailure
{
    /// <summary>A failure that fits none of the other kinds; the inner exception tells more.</summary>
    Other = 0,

    /// <summary>Nothing listens on the peer's port (connection refused).</summary>
    ConnectionRefused,

    /// <summary>The peer reset or closed the connection before a complete answer arrived.</summary>
    ConnectionReset,

    /// <summary>The peer's host name could not be resolved (DNS failure).</summary>
    NameResolution,

    /// <summary>The TLS handshake failed, for example because a certificate was rejected.</summary>
    TlsHandshake,
}
