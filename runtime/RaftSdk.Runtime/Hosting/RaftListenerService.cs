using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RaftSdk.Diagnostics;
using RaftSdk.Server;

namespace RaftSdk.Hosting;

/// <summary>
/// The separate listener as a hosted service (Go: StartSeparateCommunication, or
/// StartSecureCommunication when <c>RaftSdk:Tls</c> is set): serves every contract added with
/// <see cref="RaftSdkBuilderExtensions.AddListener{TService}"/> on <see cref="RaftNodeOptions.Port"/>.
/// Stopping the host stops accepting and lets calls in flight finish for up to
/// <see cref="RaftNodeOptions.ShutdownTimeout"/>. Starts nothing when no contract was added.
/// </summary>
public sealed class RaftListenerService : IHostedService, IAsyncDisposable
{
    private readonly IServiceProvider _services;
    private readonly IReadOnlyList<RaftListenerContract> _registrations;
    private readonly IOptions<RaftNodeOptions> _options;
    private readonly RaftNodeCredentials _credentials;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly ILogger _logger;
    private RaftListener? _listener;
    private RaftHostedContract[] _contracts = [];

    /// <summary>Created by the container (<c>AddRaftSdk</c>).</summary>
    /// <param name="services">Resolves the contracts' implementations.</param>
    /// <param name="registrations">The contracts to serve.</param>
    /// <param name="options">The node options.</param>
    /// <param name="credentials">The node's TLS credentials, if any.</param>
    /// <param name="loggerFactory">Where the listener and Kestrel log.</param>
    internal RaftListenerService(
        IServiceProvider services,
        IEnumerable<RaftListenerContract> registrations,
        IOptions<RaftNodeOptions> options,
        RaftNodeCredentials credentials,
        ILoggerFactory? loggerFactory = null)
    {
        _services = services;
        _registrations = registrations.ToArray();
        _options = options;
        _credentials = credentials;
        _loggerFactory = loggerFactory;
        _logger = (ILogger?)loggerFactory?.CreateLogger("RaftSdk.Hosting") ?? NullLogger.Instance;
    }

    /// <summary>The bound port (the real one when 0 was configured); 0 before start, after stop, or when nothing is served.</summary>
    public int Port => _listener?.Port ?? 0;

    /// <summary><c>http</c>, or <c>https</c> with TLS; null while not listening.</summary>
    public string? Scheme => _listener?.Scheme;

    /// <summary>True when at least one contract is to be served, so the listener starts with the host.</summary>
    public bool IsConfigured => _registrations.Count > 0;

    /// <summary>True while listening.</summary>
    public bool IsListening => _listener is not null;

    /// <summary>The contracts served.</summary>
    public IReadOnlyList<RaftHostedContract> Contracts => _contracts;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_registrations.Count == 0 || _listener is not null)
        {
            return;
        }

        _contracts = _registrations.Select(r => r.Create(_services)).ToArray();
        RequestDelegate handle = Combine(_contracts);
        RaftNodeOptions options = _options.Value;
        IPAddress bindAddress = IPAddress.Parse(options.BindAddress);
        var listenerOptions = new RaftListenerOptions
        {
            Port = options.Port,
            BindAddress = bindAddress,
            Tls = _credentials.Tls,
            MaxRequestBodySize = options.MaxRequestBodySize,
            ShutdownTimeout = options.ShutdownTimeout,
            LoggerFactory = _loggerFactory,
        };
        try
        {
            _listener = await RaftListener.StartAsync(handle, listenerOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            HostingLog.ListenerFailedToStart(_logger, options.BindAddress, options.Port, e);
            throw;
        }

        HostingLog.ListenerStarted(_logger, string.Join(", ", _contracts.Select(c => c.Name)), _listener.Scheme, options.BindAddress, _listener.Port);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _listener, null) is not RaftListener listener)
        {
            return;
        }

        HostingLog.ListenerStopping(_logger, listener.Port, _options.Value.ShutdownTimeout.TotalSeconds);
        long started = Stopwatch.GetTimestamp();
        await listener.DisposeAsync().ConfigureAwait(false);
        HostingLog.ListenerStopped(_logger, listener.Port, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _listener, null)?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static RequestDelegate Combine(RaftHostedContract[] contracts)
    {
        if (contracts.Length == 1)
        {
            return contracts[0].Handle;
        }

        var byPath = new Dictionary<string, RaftHostedContract>(StringComparer.Ordinal);
        foreach (RaftHostedContract contract in contracts)
        {
            foreach (string path in contract.Paths)
            {
                if (!byPath.TryAdd(path, contract))
                {
                    throw new InvalidOperationException(
                        $"The contracts {byPath[path].Name} and {contract.Name} both serve {path}; one listener cannot serve both.");
                }
            }
        }

        FrozenDictionary<string, RequestDelegate> handlers = byPath.ToFrozenDictionary(p => p.Key, p => p.Value.Handle, StringComparer.Ordinal);
        return context => handlers.TryGetValue(context.Request.Path.Value ?? string.Empty, out RequestDelegate? handle)
            ? handle(context)
            : PlainTextAnswer.WriteAsync(context, StatusCodes.Status404NotFound, PlainTextAnswer.NotFound);
    }
}

/// <summary>A contract to serve on the separate listener; added by <see cref="RaftSdkBuilderExtensions.AddListener{TService}"/>.</summary>
internal sealed class RaftListenerContract
{
    /// <summary>Creates the registration.</summary>
    /// <param name="create">Builds the contract from the container when the listener starts.</param>
    public RaftListenerContract(Func<IServiceProvider, RaftHostedContract> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        Create = create;
    }

    /// <summary>Builds the contract from the container.</summary>
    public Func<IServiceProvider, RaftHostedContract> Create { get; }
}
