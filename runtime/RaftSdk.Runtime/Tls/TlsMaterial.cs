using System;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;

namespace RaftSdk.Tls;

/// <summary>
/// One generation of a node's key material: its certificate with key, the intermediates sent
/// with it and the CA pool, plus the handshake contexts and the chain policy built from them
/// (once each). Immutable;
/// a rotation makes a new one (see <see cref="RaftTlsCredentials"/>).
/// </summary>
internal sealed class TlsMaterial : IDisposable
{
    private SslStreamCertificateContext? _clientContext;
    private SslStreamCertificateContext? _serverContext;
    private int _disposed;

    public TlsMaterial(X509Certificate2 certificate, X509Certificate2Collection authorities, X509Certificate2Collection? intermediates)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(authorities);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The node certificate must carry its private key.", nameof(certificate));
        }

        if (authorities.Count == 0)
        {
            throw new ArgumentException("The CA pool holds no certificate.", nameof(authorities));
        }

        Certificate = certificate;
        Authorities = authorities;
        Intermediates = intermediates ?? new X509Certificate2Collection();
        Trust = new CaPoolTrust(authorities);
    }

    public X509Certificate2 Certificate { get; }

    public X509Certificate2Collection Authorities { get; }

    public X509Certificate2Collection Intermediates { get; }

    /// <summary>The CA pool as the chain policy of handshakes in this generation.</summary>
    public CaPoolTrust Trust { get; }

    /// <summary>When a rotation replaced it (UTC ticks), or 0 while current.</summary>
    public long RetiredAt { get; set; }

    /// <summary>The client's chain, built once so every connection presents the same one.</summary>
    public SslStreamCertificateContext ClientContext =>
        LazyInitializer.EnsureInitialized(
            ref _clientContext,
            () => SslStreamCertificateContext.Create(Certificate, Intermediates, offline: true));

    /// <summary>The server's chain, with the CA pool's names for the CertificateRequest where the platform allows it.</summary>
    public SslStreamCertificateContext ServerContext =>
        LazyInitializer.EnsureInitialized(
            ref _serverContext,
            () => SslStreamCertificateContext.Create(Certificate, Intermediates, offline: true, trust: TrustInHandshake(Authorities)));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Certificate.Dispose();
        foreach (X509Certificate2 authority in Authorities)
        {
            authority.Dispose();
        }

        foreach (X509Certificate2 intermediate in Intermediates)
        {
            intermediate.Dispose();
        }
    }

    private static SslCertificateTrust? TrustInHandshake(X509Certificate2Collection authorities)
    {
        try
        {
            return SslCertificateTrust.CreateForX509Collection(authorities, sendTrustInHandshake: true);
        }
        catch (PlatformNotSupportedException)
        {
            // Windows sends names only from a system store; the handshake works without them.
            return null;
        }
    }
}
