using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RaftSdk.Tls;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// Certificates with the extended key usages, names and issuers a test needs, made in the run
/// and signed by a <see cref="DevelopmentCertificateAuthority"/> or by a CA made here.
/// </summary>
internal static class TestIssuer
{
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    public const string AnyUsage = "2.5.29.37.0";
    public const string CodeSigning = "1.3.6.1.5.5.7.3.3";

    /// <summary>A node certificate: <paramref name="usages"/> null leaves the extension out; <paramref name="dnsNames"/> null gives localhost, 127.0.0.1 and ::1.</summary>
    public static X509Certificate2 Leaf(X509Certificate2 issuer, string commonName, string[]? usages, string[]? dnsNames = null)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = Request(commonName, key, isAuthority: false, usages);
        var names = new SubjectAlternativeNameBuilder();
        if (dnsNames is null)
        {
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            names.AddIpAddress(IPAddress.IPv6Loopback);
        }
        else
        {
            foreach (string name in dnsNames)
            {
                names.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(names.Build());
        return Sign(request, issuer, key);
    }

    /// <summary>An intermediate CA under <paramref name="issuer"/>; <paramref name="usages"/> null leaves the extension out.</summary>
    public static X509Certificate2 Intermediate(X509Certificate2 issuer, string commonName, string[]? usages)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Sign(Request(commonName, key, isAuthority: true, usages), issuer, key);
    }

    /// <summary>A self-signed root CA; <paramref name="usages"/> null leaves the extension out.</summary>
    public static X509Certificate2 Root(string commonName, string[]? usages)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return Request(commonName, key, isAuthority: true, usages).CreateSelfSigned(now.AddMinutes(-10), now.AddDays(2));
    }

    /// <summary>Credentials of <paramref name="leaf"/> trusting <paramref name="root"/>, sending <paramref name="intermediates"/>.</summary>
    public static RaftTlsCredentials Credentials(X509Certificate2 leaf, X509Certificate2 root, RaftTlsPeerPolicy? policy = null, params X509Certificate2[] intermediates) =>
        new(
            leaf,
            new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(root.RawData)),
            new X509Certificate2Collection(Array.ConvertAll(intermediates, i => X509CertificateLoader.LoadCertificate(i.RawData))),
            policy);

    private static CertificateRequest Request(string commonName, ECDsa key, bool isAuthority, string[]? usages)
    {
        var request = new CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isAuthority, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            isAuthority ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature : X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement,
            true));
        if (usages is not null)
        {
            var oids = new OidCollection();
            foreach (string usage in usages)
            {
                oids.Add(new Oid(usage));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    private static X509Certificate2 Sign(CertificateRequest request, X509Certificate2 issuer, ECDsa key)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        // Within the issuer's validity, as a child certificate must be.
        DateTimeOffset notBefore = new DateTimeOffset(issuer.NotBefore.ToUniversalTime()).AddSeconds(1);
        DateTimeOffset notAfter = new DateTimeOffset(issuer.NotAfter.ToUniversalTime()).AddMinutes(-1);
        using X509Certificate2 publicOnly = request.Create(issuer, notBefore, notAfter, serial);
        return publicOnly.CopyWithPrivateKey(key);
    }
}
