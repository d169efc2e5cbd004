using System;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace RaftSdk.Tls;

/// <summary>
/// A throw-away certificate authority for samples, tests and benchmarks ONLY. It creates its key
/// in memory at run time and issues short-lived node certificates (one day) that secure mode
/// accepts: ECDSA P-256, server and client authentication, names <c>localhost</c>, <c>127.0.0.1</c>
/// and <c>::1</c>. Never use it, or anything it writes, in production: anyone with the files
/// can join the cluster.
/// </summary>
public sealed class DevelopmentCertificateAuthority : IDisposable
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    // Slightly in the past so that clocks a little apart still accept a fresh certificate.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan NodeLifetime = TimeSpan.FromDays(1);
    private static readonly TimeSpan AuthorityLifetime = TimeSpan.FromDays(2);

    private DevelopmentCertificateAuthority(X509Certificate2 certificate)
    {
        Certificate = certificate;
    }

    /// <summary>The CA certificate, with its private key. Write it as a node's CA file with <see cref="WriteCertificatePem"/>.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Creates a new CA with a fresh ECDSA P-256 key, valid for two days.</summary>
    /// <param name="commonName">The CA's common name.</param>
    /// <returns>The new CA.</returns>
    public static DevelopmentCertificateAuthority Create(string commonName = "RaftSdk Development CA")
    {
        ArgumentException.ThrowIfNullOrEmpty(commonName);
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(DistinguishedName(commonName), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        X509Certificate2 certificate = request.CreateSelfSigned(now - (2 * ClockSkew), now + AuthorityLifetime);
        return new DevelopmentCertificateAuthority(certificate);
    }

    /// <summary>
    /// Issues a node certificate signed by this CA: ECDSA P-256, extended key usage server and
    /// client authentication, subject alternative names <c>localhost</c>, <c>127.0.0.1</c> and
    /// <c>::1</c>, valid for one day from five minutes ago.
    /// </summary>
    /// <param name="commonName">The node's common name.</param>
    /// <returns>The certificate with its private key attached, and that key as PKCS#8 PEM text.</returns>
    public (X509Certificate2 Certificate, string PrivateKeyPem) IssueNodeCertificate(string commonName)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return IssueNodeCertificate(commonName, now - ClockSkew, now + NodeLifetime);
    }

    /// <summary>
    /// Like <see cref="IssueNodeCertificate(string)"/> with a validity window of your choice, for
    /// tests of expired and not-yet-valid peers.
    /// </summary>
    /// <param name="commonName">The node's common name.</param>
    /// <param name="notBefore">The start of validity.</param>
    /// <param name="notAfter">The end of validity.</param>
    /// <returns>The certificate with its private key attached, and that key as PKCS#8 PEM text.</returns>
    public (X509Certificate2 Certificate, string PrivateKeyPem) IssueNodeCertificate(string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentException.ThrowIfNullOrEmpty(commonName);
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = CreateNodeRequest(commonName, key);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        using X509Certificate2 publicOnly = request.Create(Certificate, notBefore, notAfter, NewSerialNumber());
        return (publicOnly.CopyWithPrivateKey(key), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>
    /// Creates a self-signed node certificate with the same names and usages as an issued one;
    /// secure mode must reject it (for negative tests).
    /// </summary>
    /// <param name="commonName">The node's common name.</param>
    /// <returns>The certificate with its private key attached, and that key as PKCS#8 PEM text.</returns>
    public static (X509Certificate2 Certificate, string PrivateKeyPem) CreateSelfSignedNodeCertificate(string commonName)
    {
        ArgumentException.ThrowIfNullOrEmpty(commonName);
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = CreateNodeRequest(commonName, key);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        X509Certificate2 certificate = request.CreateSelfSigned(now - ClockSkew, now + NodeLifetime);
        return (certificate, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>
    /// Issues a node certificate and writes <c>key.pem</c>, <c>cert.pem</c> and <c>ca.pem</c> (this
    /// CA) into <c>directory/nodeName</c>, which is created when missing.
    /// </summary>
    /// <param name="directory">The parent directory.</param>
    /// <param name="nodeName">The node's name: the subdirectory and the certificate's common name.</param>
    /// <returns>The paths of the three files.</returns>
    public NodeCertificateFiles WriteNodeFiles(string directory, string nodeName)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        (X509Certificate2 certificate, string keyPem) = IssueNodeCertificate(nodeName);
        using (certificate)
        {
            return WriteFiles(Path.Combine(directory, nodeName), keyPem, certificate, Certificate);
        }
    }

    /// <summary>
    /// Writes <c>key.pem</c>, <c>cert.pem</c> and <c>ca.pem</c> for any key, certificate and CA
    /// pool into <paramref name="directory"/> (created when missing). The key file is readable by
    /// its owner only where the file system supports it.
    /// </summary>
    /// <param name="directory">The directory to write into.</param>
    /// <param name="privateKeyPem">The node's private key as PEM text.</param>
    /// <param name="certificate">The node's certificate.</param>
    /// <param name="certificateAuthorities">The certificates of the CA file.</param>
    /// <returns>The paths of the three files.</returns>
    public static NodeCertificateFiles WriteFiles(
        string directory,
        string privateKeyPem,
        X509Certificate2 certificate,
        params X509Certificate2[] certificateAuthorities)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(privateKeyPem);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(certificateAuthorities);
        Directory.CreateDirectory(directory);
        var files = new NodeCertificateFiles(
            Path.Combine(directory, "key.pem"),
            Path.Combine(directory, "cert.pem"),
            Path.Combine(directory, "ca.pem"));
        WritePrivateKeyPem(files.KeyFile, privateKeyPem);
        WritePem(files.CertificateFile, certificate);
        WritePem(files.CaFile, certificateAuthorities);
        return files;
    }

    /// <summary>Writes certificates (public parts only) as one PEM file, replacing it.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="certificates">The certificates, in order.</param>
    public static void WritePem(string path, params X509Certificate2[] certificates)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(certificates);
        var text = new StringBuilder();
        foreach (X509Certificate2 certificate in certificates)
        {
            text.Append(certificate.ExportCertificatePem()).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }

    /// <summary>Writes this CA's certificate (public part only) as a PEM file, the CA file of a node.</summary>
    /// <param name="path">The file to write.</param>
    public void WriteCertificatePem(string path) => WritePem(path, Certificate);

    /// <summary>Disposes the CA certificate and its key.</summary>
    public void Dispose() => Certificate.Dispose();

    private static void WritePrivateKeyPem(string path, string privateKeyPem)
    {
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(path, privateKeyPem);
            return;
        }

        // Create the file owner-only from the start, so the key is never readable by others.
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using var writer = new StreamWriter(path, Encoding.ASCII, options);
        writer.Write(privateKeyPem);
    }

    private static CertificateRequest CreateNodeRequest(string commonName, ECDsa key)
    {
        var request = new CertificateRequest(DistinguishedName(commonName), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            new OidCollection { ServerAuthentication, ClientAuthentication }, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    private static X500DistinguishedName DistinguishedName(string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        return builder.Build();
    }

    private static byte[] NewSerialNumber()
    {
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive INTEGER, as RFC 5280 asks
        serial[0] |= 0x01; // and no leading zero byte to be stripped
        return serial;
    }
}
