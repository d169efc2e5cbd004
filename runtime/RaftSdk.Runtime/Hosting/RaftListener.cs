using System;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RaftSdk.Tls;

namespace RaftSdk.Hosting;

/// <summary>
/// A Kestrel listener of its own for one request delegate (typically
/// <see cref="Server.RaftEndpoint{TService}.HandleAsync"/>): HTTP/1.1 only, no routing, no
/// configuration files or environment variables, no console output, no signal handling. With
/// TLS credentials it requires a client certificate that chains to the CA pool.
/// </summary>
public sealed class RaftListener : IAsyncDisposable, IDisposable
{
    private readonly IHost _host;
    private int _disposed;

    private RaftListener(IHost host, int port, string scheme)
    {
        _host = host;
        Port = port;
        Scheme = scheme;
    }

    /// <summary>The TCP port the listener is bound to (the real one when 0 was asked for).</summary>
    public int Port { get; }

    /// <summary><c>http</c>, or <c>https</c> with TLS.</summary>
    public string Scheme { get; }

    /// <summary>Starts listening and returns once the port is bound.</summary>
    /// <param name="application">Serves every request.</param>
    /// <param name="options">The listener settings.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running listener.</returns>
    public static async Task<RaftListener> StartAsync(RequestDelegate application, RaftListenerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.BindAddress, nameof(options) + "." + nameof(options.BindAddress));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port, nameof(options) + "." + nameof(options.Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort, nameof(options) + "." + nameof(options.Port));

        // A bare HostBuilder: unlike the default builders it reads no appsettings files (no file
        // watchers), no environment and no command line, and adds no log providers.
        IdleConnectionEviction? eviction = options.MaxConnections is long limit ? new IdleConnectionEviction(limit) : null;
        RequestDelegate served = options.Tls is not null && options.ClientCertificateRefusal == ClientCertificateRefusal.Forbidden
            ? ServerTlsHandshake.RefuseUntrusted(application)
            : application;
        IHost host = new HostBuilder()
            .ConfigureWebHost(
                web => web
                    .UseKestrelCore()
                    .ConfigureKestrel(kestrel => ConfigureKestrel(kestrel, options, eviction))
                    .Configure(app => app.Run(eviction is null ? served : eviction.TrackCalls(served))),
                webOptions => webOptions.SuppressEnvironmentConfiguration = true)
            .ConfigureServices(services =>
            {
                services.AddSingleton<IHostLifetime, QuietHostLifetime>();
                services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
                if (options.LoggerFactory is ILoggerFactory loggerFactory)
                {
                    services.AddSingleton<ILoggerFactory>(new ListenerLoggerFactory(loggerFactory));
                }
            })
            .Build();

        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            int port = ReadBoundPort(host);
            return new RaftListener(host, port, options.Tls is null ? "http" : "https");
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Stops listening: requests in flight get <see cref="RaftListenerOptions.ShutdownTimeout"/> to finish.</summary>
    /// <returns>A task that completes when the listener is stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _host.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            if (_host is IAsyncDisposable asyncHost)
            {
                await asyncHost.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                _host.Dispose();
            }
        }
    }

    /// <summary>Stops listening, blocking until done; prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static void ConfigureKestrel(KestrelServerOptions kestrel, RaftListenerOptions options, IdleConnectionEviction? eviction)
    {
        kestrel.AddServerHeader = false;
        KestrelServerLimits limits = kestrel.Limits;
        limits.MaxRequestBodySize = options.MaxRequestBodySize;
        // The limit is IdleConnectionEviction's, which evicts idle connections; Kestrel's would refuse new ones.
        limits.MaxConcurrentConnections = null;
        limits.MaxConcurrentUpgradedConnections = 0;
        limits.MaxRequestBufferSize = options.MaxRequestBufferSize;
        limits.RequestHeadersTimeout = options.RequestHeadersTimeout;
        limits.KeepAliveTimeout = options.KeepAliveTimeout;
        limits.MinRequestBodyDataRate = options.MinRequestBodyDataRate is double rate
            ? new MinDataRate(rate, options.MinRequestBodyGracePeriod)
            : null;
        kestrel.Listen(options.BindAddress, options.Port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            if (eviction is not null)
            {
                // Before TLS: a connection still in its handshake counts, and can be evicted.
                listen.Use(eviction.Admit);
            }

            if (options.Tls is RaftTlsCredentials tls)
            {
                listen.Use(PlaintextOnTlsPort.Answer);
                listen.UseHttps(new ServerTlsHandshake(tls, options.ClientCertificateRefusal, options.LoggerFactory).CallbackOptions);
            }
        });
    }

    private static int ReadBoundPort(IHost host)
    {
        IServer server = host.Services.GetRequiredService<IServer>();
        string? address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null || !Uri.TryCreate(address, UriKind.Absolute, out Uri? uri))
        {
            throw new InvalidOperationException("Kestrel started but reported no bound address.");
        }

        return uri.Port;
    }
}
