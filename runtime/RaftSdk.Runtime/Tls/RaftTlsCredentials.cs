using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;

namespace RaftSdk.Tls;

/// <summary>
/// The key material of a node in secure mode: its certificate with private key (used both as
/// server and as client certificate) and the pool of certificate authorities that peers must
/// chain to. Peers are verified against the pool only: no system trust, no host-name check, no
/// extended-key-usage requirement, no revocation check; so nodes can be addressed by IP or by
/// any name, exactly as in the Go original.
/// </summary>
public sealed class RaftTlsCredentials : IDisposable
{
    private SslStreamCertificateContext? _clientContext;
    private int _disposed;

    /// <summary>
    /// Creates credentials from certificates already in memory. The credentials take ownership
    /// of the certificates and dispose them.
    /// </summary>
    /// <param name="certificate">The node certificate, with its private key.</param>
    /// <param name="certificateAuthorities">The trusted CA pool; at least one certificate.</param>
    /// <param name="intermediateCertificates">Further certificates sent with the node certificate, if any.</param>
    public RaftTlsCredentials(
        X509Certificate2 certificate,
        X509Certificate2Collection certificateAuthorities,
        X509Certificate2Collection? intermediateCertificates = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(certificateAuthorities);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The node certificate must carry its private key.", nameof(certificate));
        }

        if (certificateAuthorities.Count == 0)
        {
            throw new ArgumentException("The CA pool holds no certificate.", nameof(certificateAuthorities));
        }

        Certificate = certificate;
        CertificateAuthorities = certificateAuthorities;
        IntermediateCertificates = intermediateCertificates ?? new X509Certificate2Collection();
    }

    /// <summary>The node certificate, with its private key; it serves as server and as client certificate.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The trusted certificate authorities (the "cert pool") that peer certificates must chain to.</summary>
    public X509Certificate2Collection CertificateAuthorities { get; }

    /// <summary>The further certificates of the certificate file after the first, sent along in handshakes.</summary>
    public X509Certificate2Collection IntermediateCertificates { get; }

    /// <summary>
    /// Loads the three PEM files of secure mode, as the original's <c>StartSecureCommunication</c>
    /// takes them. All three are required.
    /// </summary>
    /// <param name="keyFile">The node's private key (PKCS#8, PKCS#1 RSA or SEC1 EC; not encrypted).</param>
    /// <param name="certificateFile">The node's certificate; further certificates in it are sent as intermediates.</param>
    /// <param name="caFile">The CA pool; every parsable certificate in it is trusted.</param>
    /// <exception cref="ArgumentException">A file name is null or empty.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file does not hold what it should, or key and certificate do not match.</exception>
    public static RaftTlsCredentials Load(string keyFile, string certificateFile, string caFile)
    {
        Require(keyFile, nameof(keyFile), "private key file");
        Require(certificateFile, nameof(certificateFile), "certificate file");
        Require(caFile, nameof(caFile), "CA file");

        string keyText = RaftTls.ReadPemFile(keyFile, "private key");
        string certificateText = RaftTls.ReadPemFile(certificateFile, "certificate");
        X509Certificate2Collection authorities = RaftTls.LoadCertPool(caFile);

        List<X509Certificate2> chain = PemCertificates.Read(certificateText);
        if (chain.Count == 0)
        {
            throw new InvalidDataException($"The certificate file '{certificateFile}' holds no parsable PEM certificate.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = PlatformCertificate.WithUsableKey(X509Certificate2.CreateFromPem(certificateText, keyText));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // ArgumentException: the key does not belong to the certificate.
            throw new InvalidDataException(
                $"Cannot load the certificate '{certificateFile}' with the private key '{keyFile}': {e.Message}", e);
        }

        chain[0].Dispose();
        chain.RemoveAt(0);
        return new RaftTlsCredentials(certificate, authorities, new X509Certificate2Collection(chain.ToArray()));
    }

    /// <summary>
    /// Verifies a peer certificate the way the original does: the chain must lead to a
    /// certificate of <see cref="CertificateAuthorities"/>, and be valid now. Any extended key
    /// usage is accepted, revocation is not checked and the host name is not compared, so nodes
    /// can be addressed by IP or by any name. Self-signed certificates and certificates of other
    /// CAs fail. Thread-safe.
    /// </summary>
    /// <param name="certificate">The peer's leaf certificate; null fails.</param>
    /// <param name="chain">The chain the TLS stack built, if any: only the certificates the peer sent along are used from it.</param>
    /// <returns>True when the peer is trusted.</returns>
    public bool ValidatePeer(X509Certificate2? certificate, X509Chain? chain) => CheckPeer(certificate, chain) is null;

    /// <summary>
    /// Like <see cref="ValidatePeer"/>, but says why a peer is refused: null when the peer is
    /// trusted, else a short reason (no certificate; expired or not yet valid, with the dates;
    /// self-signed; issued by a CA outside the pool; ...). Thread-safe.
    /// </summary>
    /// <param name="certificate">The peer's leaf certificate; null is refused.</param>
    /// <param name="chain">The chain the TLS stack built, if any: only the certificates the peer sent along are used from it.</param>
    /// <returns>Null for a trusted peer, else why it is refused.</returns>
    public string? CheckPeer(X509Certificate2? certificate, X509Chain? chain)
    {
        if (certificate is null)
        {
            return "no certificate was presented";
        }

        using var ownChain = new X509Chain();
        X509ChainPolicy policy = ownChain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(CertificateAuthorities);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.VerificationFlags = X509VerificationFlags.NoFlag;
        policy.DisableCertificateDownloads = true;
        if (chain is not null)
        {
            // The stack's chain carries the intermediates the peer sent; its trust verdict is ignored.
            policy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        try
        {
            return ownChain.Build(certificate) ? null : PeerRefusal.Describe(certificate, ownChain);
        }
        catch (CryptographicException e)
        {
            return "the certificate could not be checked: " + e.Message;
        }
        finally
        {
            foreach (X509ChainElement element in ownChain.ChainElements)
            {
                if (!ReferenceEquals(element.Certificate, certificate))
                {
                    element.Certificate.Dispose();
                }
            }
        }
    }

    /// <summary>The client-side certificate context, built once so that every connection presents the same chain.</summary>
    internal SslStreamCertificateContext ClientCertificateContext =>
        LazyInitializer.EnsureInitialized(
            ref _clientContext,
            () => SslStreamCertificateContext.Create(Certificate, IntermediateCertificates, offline: true));

    /// <summary>Disposes the certificates. Do not dispose while a client or listener still uses the credentials.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Certificate.Dispose();
        foreach (X509Certificate2 authority in CertificateAuthorities)
        {
            authority.Dispose();
        }

        foreach (X509Certificate2 intermediate in IntermediateCertificates)
        {
            intermediate.Dispose();
        }
    }

    private static void Require(string value, string parameterName, string what)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"Secure mode needs a {what}: {parameterName} is missing.", parameterName);
        }
    }
}
