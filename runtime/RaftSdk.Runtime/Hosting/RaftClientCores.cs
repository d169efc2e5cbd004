using System;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RaftSdk.Transport;

namespace RaftSdk.Hosting;

/// <summary>
/// The container's <see cref="RaftClientCore"/>s: one per content type (one per contract), made
/// on first use from <see cref="RaftNodeOptions"/>, shared by every client of that contract and
/// disposed with the container. Clients registered with
/// <see cref="RaftSdkBuilderExtensions.AddClient{TClient}(IRaftSdkBuilder, string)"/> get theirs from here.
/// </summary>
internal sealed class RaftClientCores : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<RaftClientCore>> _cores = new(StringComparer.Ordinal);
    private readonly IOptions<RaftNodeOptions> _options;
    private readonly RaftNodeCredentials _credentials;
    private readonly ILoggerFactory? _loggerFactory;
    private bool _disposed;

    /// <summary>Created by the container.</summary>
    /// <param name="options">The node options.</param>
    /// <param name="credentials">The node's TLS credentials, if any.</param>
    /// <param name="loggerFactory">Where client failures are logged.</param>
    public RaftClientCores(IOptions<RaftNodeOptions> options, RaftNodeCredentials credentials, ILoggerFactory? loggerFactory = null)
    {
        _options = options;
        _credentials = credentials;
        _loggerFactory = loggerFactory;
    }

    /// <summary>The core for <paramref name="contentType"/>, made on first use.</summary>
    /// <param name="contentType">The contract's content type, for example <c>GreeterClient.ContentType</c>.</param>
    /// <returns>The shared core.</returns>
    public RaftClientCore Get(string contentType)
    {
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _cores.GetOrAdd(contentType, type => new Lazy<RaftClientCore>(() => Create(type))).Value;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        foreach (Lazy<RaftClientCore> core in _cores.Values)
        {
            if (core.IsValueCreated)
            {
                core.Value.Dispose();
            }
        }
    }

    private RaftClientCore Create(string contentType)
    {
        RaftNodeOptions options = _options.Value;
        return new RaftClientCore(new RaftClientOptions
        {
            ContentType = contentType,
            Timeout = options.RequestTimeout,
            MaxResponseBodySize = options.MaxResponseBodySize,
            Tls = _credentials.Tls,
            LoggerFactory = _loggerFactory,
        });
    }
}
