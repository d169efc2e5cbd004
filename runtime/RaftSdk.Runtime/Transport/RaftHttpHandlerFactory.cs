using System;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using RaftSdk.Tls;

namespace RaftSdk.Transport;

/// <summary>Builds the one pooled handler of a <see cref="RaftClientCore"/>.</summary>
internal static class RaftHttpHandlerFactory
{
    // Long enough to keep connections warm between heartbeats, short enough to notice DNS changes.
    private static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90);

    public static SocketsHttpHandler Create(RaftClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            Proxy = null,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = PooledConnectionLifetime,
            PooledConnectionIdleTimeout = PooledConnectionIdleTimeout,
        };

        if (options.Tls is RaftTlsCredentials tls)
        {
            handler.SslOptions = SslOptions(tls);
        }

        return handler;
    }

    /// <summary>The client side of mutual TLS, shared by the pooled handler and <see cref="RaftPipeline"/>.</summary>
    public static SslClientAuthenticationOptions SslOptions(RaftTlsCredentials tls) => new()
    {
        // A context rather than a collection: the node certificate is presented whatever
        // CA names the server asks for, and the chain is built once, not per handshake.
        ClientCertificateContext = tls.ClientCertificateContext,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            tls.ValidatePeer(certificate as X509Certificate2, chain),
    };
}
