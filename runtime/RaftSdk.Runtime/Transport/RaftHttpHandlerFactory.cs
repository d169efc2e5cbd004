using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using RaftSdk.Tls;

namespace RaftSdk.Transport;

/// <summary>Builds the one pooled handler of a <see cref="RaftClientCore"/>.</summary>
internal static class RaftHttpHandlerFactory
{
    // Long enough to keep connections warm between heartbeats, short enough to notice DNS changes.
    private static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90);

    /// <param name="options">The client's settings.</param>
    /// <param name="handshakes">With TLS, where each new connection's stream is kept by <c>host:port</c>, so that a failed handshake can tell what the peer sent (<see cref="TlsMismatch"/>).</param>
    /// <param name="observeSocket">Tests: wraps each connection's socket stream, to see what is sent.</param>
    public static SocketsHttpHandler Create(RaftClientOptions options, ConcurrentDictionary<string, FirstBytesStream>? handshakes = null, Func<Stream, Stream>? observeSocket = null)
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
            // A body left unread (a streamed answer disposed early, the rest of a long error body)
            // closes its connection rather than being drained: it may be gigabytes.
            MaxResponseDrainSize = 0,
            // A body sent with Expect: 100-continue waits for the server's go-ahead as long as any
            // step of a call may take, not the default 1 s: a server waiting for its memory budget
            // (BudgetWait) invites the body late or refuses it (503), and a body sent early is
            // wasted then, or lost with the refusal (dotnet/runtime#119350).
            Expect100ContinueTimeout = options.Timeout,
        };

        if (options.Tls is RaftTlsCredentials tls)
        {
            handler.SslOptions = SslOptions(tls, oneConnection: false);
        }

        // Our own connect (the handler's default, plus): a request's head and body in one send,
        // and with TLS the first bytes the peer sent kept for telling what a failed handshake met.
        handler.ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            Stream stream = new NetworkStream(socket, ownsSocket: true);
            stream = observeSocket?.Invoke(stream) ?? stream;
            if (options.Tls is not null && handshakes is not null)
            {
                var first = new FirstBytesStream(stream);
                handshakes[HandshakeKey(context.DnsEndPoint.Host, context.DnsEndPoint.Port)] = first;
                stream = first;
            }

            return new CoalescedSendStream(stream);
        };

        return handler;
    }

    /// <summary>The key of a peer's latest connection in the handshakes map: the request URI's host and port.</summary>
    public static string HandshakeKey(string host, int port) => host + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The client side of mutual TLS, shared by the pooled handler and <see cref="RaftPipeline"/>.</summary>
    /// <param name="tls">The node's credentials.</param>
    /// <param name="oneConnection">True when the options serve one connection made now (the pipeline's), false for the pooled handler, which copies them once.</param>
    public static SslClientAuthenticationOptions SslOptions(RaftTlsCredentials tls, bool oneConnection)
    {
        var options = new SslClientAuthenticationOptions
        {
            // The server's chain is built once, against the CA pool, and judged as built. The
            // pooled handler keeps this generation's policy; after a CA change its chains are
            // built again against the current pool (RaftTlsCredentials.CheckServerCertificate).
            CertificateChainPolicy = tls.PeerChainPolicy,
            RemoteCertificateValidationCallback = (sender, certificate, chain, _) => CheckServer(tls, sender, certificate, chain),
        };
        if (tls.IntermediateCertificates.Count == 0 && !oneConnection)
        {
            // Asked at each handshake, so a rotated certificate is presented by new connections
            // of the pooled handler too (which copies its options once); the node certificate is
            // presented whatever CA names the server asks for. SslStream makes a certificate
            // context (a chain build of this node's certificate) for each handshake of it.
            options.LocalCertificateSelectionCallback = (_, _, _, _, _) => tls.Certificate;
        }
        else
        {
            // The generation current now, its context made once: only a context sends the file's
            // intermediates along, and a connection made now needs no later generation.
            options.ClientCertificateContext = tls.ClientCertificateContext;
        }

        return options;
    }

    // Throws rather than returns false: the exception travels out of the handshake to the
    // caller, so the failure names why the server's certificate was refused.
    private static bool CheckServer(RaftTlsCredentials tls, object sender, X509Certificate? certificate, X509Chain? chain)
    {
        X509Certificate2? leaf = certificate as X509Certificate2 ?? (certificate is null ? null : new X509Certificate2(certificate));
        string? reason = tls.CheckServerCertificate(leaf, chain, (sender as SslStream)?.TargetHostName);
        return reason is null ? true : throw new ServerCertificateRefusedException(reason);
    }
}
