using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using RaftSdk.Tls;
using Xunit;

namespace RaftSdk.Runtime.Tests;

public sealed class TlsFileTests(TlsFixture certificates) : IClassFixture<TlsFixture>, IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("raftsdk-pem-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void CertPoolHoldsEveryCertificateOfTheFile()
    {
        string path = Path.Combine(_scratch, "pool.pem");
        File.WriteAllText(path, "a comment line that Go also skips\n");
        File.AppendAllText(path, certificates.ClusterCa.Certificate.ExportCertificatePem() + "\n");
        File.AppendAllText(path, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        File.AppendAllText(path, certificates.OtherCa.Certificate.ExportCertificatePem() + "\n");

        X509Certificate2Collection pool = RaftTls.LoadCertPool(path);

        Assert.Equal(2, pool.Count);
        Assert.Equal(certificates.ClusterCa.Certificate.Thumbprint, pool[0].Thumbprint);
        Assert.Equal(certificates.OtherCa.Certificate.Thumbprint, pool[1].Thumbprint);
        Assert.False(pool[0].HasPrivateKey);
    }

    [Fact]
    public void CertPoolSkipsABrokenCertificateBlock()
    {
        string path = Path.Combine(_scratch, "half-broken.pem");
        File.WriteAllText(path, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" + certificates.ClusterCa.Certificate.ExportCertificatePem());

        X509Certificate2Collection pool = RaftTls.LoadCertPool(path);

        Assert.Single(pool);
    }

    [Theory]
    [InlineData("")]
    [InlineData("this is not PEM at all")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    public void CertPoolWithoutAParsableCertificateIsAClearError(string text)
    {
        string path = Path.Combine(_scratch, "bad.pem");
        File.WriteAllText(path, text);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => RaftTls.LoadCertPool(path));

        Assert.Equal($"The CA file '{path}' holds no parsable PEM certificate.", error.Message);
    }

    [Fact]
    public void CertPoolOfAKeyFileSaysItHoldsAKey()
    {
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => RaftTls.LoadCertPool(certificates.Client.KeyFile));

        Assert.Equal($"The CA file '{certificates.Client.KeyFile}' holds a private key, not a certificate.", error.Message);
    }

    [Fact]
    public void MissingCertPoolFileNamesTheFile()
    {
        string path = Path.Combine(_scratch, "missing.pem");

        FileNotFoundException error = Assert.Throws<FileNotFoundException>(() => RaftTls.LoadCertPool(path));

        Assert.Equal(path, error.FileName);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "keyFile")]
    [InlineData(1, "certificateFile")]
    [InlineData(2, "caFile")]
    public void LoadNeedsAllThreeFiles(int missing, string parameter)
    {
        NodeCertificateFiles files = certificates.Client;
        string?[] arguments = [files.KeyFile, files.CertificateFile, files.CaFile];
        foreach (string? value in new[] { null, string.Empty })
        {
            arguments[missing] = value;

            ArgumentException error = Assert.Throws<ArgumentException>(() => RaftTlsCredentials.Load(arguments[0]!, arguments[1]!, arguments[2]!));

            Assert.Equal(parameter, error.ParamName);
        }
    }

    [Fact]
    public void LoadKeepsThePrivateKeyAndTheCaPool()
    {
        using RaftTlsCredentials credentials = certificates.Client.LoadCredentials();

        Assert.True(credentials.Certificate.HasPrivateKey);
        Assert.Equal("CN=client", credentials.Certificate.Subject);
        X509Certificate2 ca = Assert.Single(credentials.CertificateAuthorities);
        Assert.Equal(certificates.ClusterCa.Certificate.Thumbprint, ca.Thumbprint);
        Assert.Empty(credentials.IntermediateCertificates);
    }

    [Fact]
    public void LoadWithAMismatchedKeyIsAClearError()
    {
        InvalidDataException error = Assert.Throws<InvalidDataException>(() =>
            RaftTlsCredentials.Load(certificates.Server.KeyFile, certificates.Client.CertificateFile, certificates.Client.CaFile));

        Assert.Equal($"The private key file '{certificates.Server.KeyFile}' is not the private key of the certificate file '{certificates.Client.CertificateFile}'.", error.Message);
    }

    [Fact]
    public void LoadWithACertificateAsTheKeySaysSo()
    {
        NodeCertificateFiles files = certificates.Client;

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => RaftTlsCredentials.Load(files.CertificateFile, files.CertificateFile, files.CaFile));

        Assert.Equal($"The private key file '{files.CertificateFile}' holds a certificate, not a private key.", error.Message);
    }

    [Fact]
    public void LoadWithAKeyAsTheCertificateSaysSo()
    {
        NodeCertificateFiles files = certificates.Client;

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => RaftTlsCredentials.Load(files.KeyFile, files.KeyFile, files.CaFile));

        Assert.Equal($"The certificate file '{files.KeyFile}' holds a private key, not a certificate.", error.Message);
    }

    [Fact]
    public void LoadWithAKeyFileWithoutAKeyNamesTheFormsItReads()
    {
        string path = Path.Combine(_scratch, "empty.key");
        File.WriteAllText(path, "not a key\n");
        NodeCertificateFiles files = certificates.Client;

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => RaftTlsCredentials.Load(path, files.CertificateFile, files.CaFile));

        Assert.Equal($"The private key file '{path}' holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY).", error.Message);
    }

    [Fact]
    public void LoadWithAnEncryptedKeySaysItMustBeUnencrypted()
    {
        string path = Path.Combine(_scratch, "encrypted.key");
        using (var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            var encryption = new System.Security.Cryptography.PbeParameters(System.Security.Cryptography.PbeEncryptionAlgorithm.Aes128Cbc, System.Security.Cryptography.HashAlgorithmName.SHA256, 1000);
            File.WriteAllText(path, key.ExportEncryptedPkcs8PrivateKeyPem("secret", encryption));
        }

        NodeCertificateFiles files = certificates.Client;

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => RaftTlsCredentials.Load(path, files.CertificateFile, files.CaFile));

        Assert.Equal($"The private key file '{path}' holds an encrypted private key (secure mode reads unencrypted keys only).", error.Message);
    }

    [Fact]
    public void LoadWithAMissingFileNamesIt()
    {
        string missing = Path.Combine(_scratch, "nope-key.pem");

        FileNotFoundException error = Assert.Throws<FileNotFoundException>(() =>
            RaftTlsCredentials.Load(missing, certificates.Client.CertificateFile, certificates.Client.CaFile));

        Assert.Equal(missing, error.FileName);
        Assert.Equal($"The private key file '{missing}' does not exist.", error.Message);
    }

    [Fact]
    public void ValidatePeerTrustsOnlyTheCaPool()
    {
        using RaftTlsCredentials credentials = certificates.Client.LoadCredentials();
        using RaftTlsCredentials sameCa = certificates.Server.LoadCredentials();
        using RaftTlsCredentials otherCa = certificates.OtherCaNode.LoadCredentials();
        using RaftTlsCredentials selfSigned = certificates.SelfSignedNode.LoadCredentials();

        Assert.True(credentials.ValidatePeer(sameCa.Certificate, null));
        Assert.False(credentials.ValidatePeer(otherCa.Certificate, null));
        Assert.False(credentials.ValidatePeer(selfSigned.Certificate, null));
        Assert.False(credentials.ValidatePeer(null, null));
        Assert.False(credentials.ValidatePeer(certificates.OtherCa.Certificate, null));
    }

    [Fact]
    public void NodeCertificateAllowsServerAndClientUseAndNamesLocalhost()
    {
        (X509Certificate2 certificate, string keyPem) = certificates.ClusterCa.IssueNodeCertificate("node-a");
        using (certificate)
        {
            var usages = Assert.IsType<X509EnhancedKeyUsageExtension>(certificate.Extensions["2.5.29.37"]);
            Assert.Contains(usages.EnhancedKeyUsages.Cast(), oid => oid.Value == "1.3.6.1.5.5.7.3.1");
            Assert.Contains(usages.EnhancedKeyUsages.Cast(), oid => oid.Value == "1.3.6.1.5.5.7.3.2");
            Assert.True(certificate.MatchesHostname("localhost"));
            Assert.True(certificate.MatchesHostname("127.0.0.1"));
            Assert.True(certificate.HasPrivateKey);
            Assert.StartsWith("-----BEGIN PRIVATE KEY-----", keyPem, StringComparison.Ordinal);
            Assert.InRange(certificate.NotAfter - certificate.NotBefore, TimeSpan.FromHours(24), TimeSpan.FromHours(24.2));
            Assert.True(certificate.NotBefore < DateTime.Now);
        }
    }

    [Fact]
    public void KeyFileIsReadableByItsOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        UnixFileMode mode = File.GetUnixFileMode(certificates.Client.KeyFile);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }
}

internal static class OidCollectionExtensions
{
    public static System.Collections.Generic.IEnumerable<System.Security.Cryptography.Oid> Cast(this System.Security.Cryptography.OidCollection oids)
    {
        foreach (System.Security.Cryptography.Oid oid in oids)
        {
            yield return oid;
        }
    }
}
