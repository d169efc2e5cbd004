namespace RaftSdk.Tls;

/// <summary>The three PEM files of a node in secure mode, as written by <see cref="DevelopmentCertificateAuthority"/>.</summary>
/// <param name="KeyFile">The node's private key (PKCS#8 PEM).</param>
/// <param name="CertificateFile">The node's certificate (PEM).</param>
/// <param name="CaFile">The trusted CA pool (PEM, one or more certificates).</param>
public sealed record NodeCertificateFiles(string KeyFile, string CertificateFile, string CaFile)
{
    /// <summary>Loads the files with <see cref="RaftTlsCredentials.Load"/>.</summary>
    /// <returns>The node's credentials.</returns>
    public RaftTlsCredentials LoadCredentials() => RaftTlsCredentials.Load(KeyFile, CertificateFile, CaFile);
}
