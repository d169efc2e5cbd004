using System.Security.Authentication;

namespace RaftSdk.Tls;

/// <summary>
/// Thrown by the client's certificate check out of the TLS handshake, so that the failure a
/// caller sees says why the server's certificate was refused (unknown CA, expired, key usage,
/// host name, ...) instead of "rejected by the provided RemoteCertificateValidationCallback".
/// </summary>
internal sealed class ServerCertificateRefusedException(string reason)
    : AuthenticationException("This node refused the server's TLS certificate: " + reason)
{
    /// <summary>Why the certificate was refused.</summary>
    public string Reason { get; } = reason;
}
