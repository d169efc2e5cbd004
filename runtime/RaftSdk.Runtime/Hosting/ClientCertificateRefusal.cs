namespace RaftSdk.Hosting;

/// <summary>How a TLS listener answers a client certificate it refuses (see <see cref="RaftListenerOptions.ClientCertificateRefusal"/>).</summary>
public enum ClientCertificateRefusal
{
    /// <summary>
    /// The default: the handshake completes (without a session ticket) and the first request's
    /// headers are answered 403 with the reason in the status line, the body and a
    /// <c>RaftSdk-Refusal</c> header; the request body is not read and the connection is closed
    /// with the answer. A Go client prints the status line (<c>403 TLS client certificate
    /// refused: ...</c>), RaftSdk's client a TLS handshake failure with the reason.
    /// </summary>
    Forbidden,

    /// <summary>
    /// The connection is closed as soon as the handshake has judged the certificate; no HTTP is
    /// parsed. The peer learns nothing: on Linux, .NET 10 sends no TLS alert when it refuses a
    /// certificate, so clients see the connection closed (a Go client: <c>EOF</c>). The reason
    /// is only in the server's log (event id 401).
    /// </summary>
    Close,
}
