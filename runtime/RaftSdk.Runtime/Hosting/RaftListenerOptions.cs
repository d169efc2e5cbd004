using System;
using System.Net;
using Microsoft.Extensions.Logging;
using RaftSdk.Server;
using RaftSdk.Tls;

namespace RaftSdk.Hosting;

/// <summary>Settings of a <see cref="RaftListener"/>.</summary>
public sealed class RaftListenerOptions
{
    /// <summary>The TCP port; 0, the default, takes any free port (see <see cref="RaftListener.Port"/>).</summary>
    public int Port { get; init; }

    /// <summary>The address to bind; all IPv4 addresses by default. Use <see cref="IPAddress.Loopback"/> for a local-only node.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>Mutual TLS credentials; when set the listener speaks https and requires a client certificate from the CA pool.</summary>
    public RaftTlsCredentials? Tls { get; init; }

    /// <summary>
    /// How a refused client certificate is answered: with a 403 that carries the reason, body
    /// unread (the default), or by closing the connection after the handshake. Only with <see cref="Tls"/>.
    /// </summary>
    public ClientCertificateRefusal ClientCertificateRefusal { get; init; } = ClientCertificateRefusal.Forbidden;

    /// <summary>
    /// Kestrel's own request body limit, a backstop for anything that reads a body outside a
    /// <see cref="Server.RaftEndpoint{TService}"/>; the endpoint sets each request's limit to
    /// <see cref="RaftServerOptions.MaxRequestBodySize"/> and answers 413 itself.
    /// Default 32 MiB; null means no limit.
    /// </summary>
    public long? MaxRequestBodySize { get; init; } = RaftServerOptions.DefaultMaxRequestBodySize;

    /// <summary>The default for <see cref="MaxConnections"/>: 1,024.</summary>
    public const long DefaultMaxConnections = 1024;

    /// <summary>
    /// The most connections held open at once. At the limit a new connection closes the
    /// connection idle longest (one that never sent a request, is still in its TLS handshake, or
    /// waits between calls); only when every connection is inside a call is the new one closed
    /// instead. So idle or unauthenticated connections cannot lock peers out (docs/reliability.md).
    /// HTTP/1.1 carries one call at a time per connection, so this also caps the calls in flight.
    /// Default <see cref="DefaultMaxConnections"/>; null means no limit.
    /// </summary>
    public long? MaxConnections { get; init; } = DefaultMaxConnections;

    /// <summary>
    /// How much of a connection's incoming bytes Kestrel buffers before the application reads
    /// them (Kestrel's <c>MaxRequestBufferSize</c>); 64 KiB by default (Kestrel's own is 1 MiB).
    /// A refused request's unread body sits in this buffer until the connection closes, so under
    /// a flood of large bodies it is multiplied by the connections; reads copy it out at once,
    /// so a smaller buffer does not slow large bodies. Null means no limit.
    /// </summary>
    public long? MaxRequestBufferSize { get; init; } = 64 * 1024;

    /// <summary>How long a client may take to send the request headers (Kestrel's <c>RequestHeadersTimeout</c>); 30 seconds by default.</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an idle keep-alive connection stays open (Kestrel's <c>KeepAliveTimeout</c>); 130 seconds by default.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(130);

    /// <summary>
    /// The slowest a request body may arrive, in bytes per second, after a grace period of
    /// <see cref="MinRequestBodyGracePeriod"/> (Kestrel's <c>MinRequestBodyDataRate</c>); slower
    /// bodies are answered 408. 240 bytes/s by default; null turns the check off.
    /// </summary>
    public double? MinRequestBodyDataRate { get; init; } = 240;

    /// <summary>The grace period of <see cref="MinRequestBodyDataRate"/>; 5 seconds by default.</summary>
    public TimeSpan MinRequestBodyGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long <see cref="RaftListener.DisposeAsync"/> lets requests in flight finish; 5 seconds by default.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Where the listener and Kestrel log, including each refused TLS client certificate with its
    /// reason and the peer's address (event id 401, rate-bounded); null, the default, logs nothing.
    /// Of ASP.NET Core's and Kestrel's own categories only warnings and errors are passed on: their
    /// per-request Information lines and per-connection Debug lines are dropped.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
