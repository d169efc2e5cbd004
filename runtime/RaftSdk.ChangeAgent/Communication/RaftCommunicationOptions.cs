using System;
using System.Net;
using Microsoft.Extensions.Logging;
using RaftSdk.Hosting;
using RaftSdk.Server;

namespace RaftSdk.ChangeAgent;

/// <summary>Settings of a communication object; every one has a default that matches the Go original.</summary>
public sealed class RaftCommunicationOptions
{
    /// <summary>The address a separate listener binds to. Default: every IPv4 interface, as the original listens on <c>:port</c>.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>The limit for a whole outgoing request. Default: 10 seconds, as the original.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest request body the server accepts; larger ones are answered 413. Default: 32 MiB
    /// (the Go original has no limit and its leader sends every pending entry in one Append; see
    /// docs/reliability.md).
    /// </summary>
    public long MaxRequestBodySize { get; init; } = RaftServerOptions.DefaultMaxRequestBodySize;

    /// <summary>The most fields a request may decode to (see <see cref="RaftServerOptions.MaxDecodedFields"/>). Default: 4,194,304.</summary>
    public long MaxDecodedFields { get; init; } = RaftServerOptions.DefaultMaxDecodedFields;

    /// <summary>The memory budget of all requests in flight (see <see cref="RaftServerOptions.MaxRequestBytesInFlight"/>). Default (null): 224 MiB, more when the limits above need it.</summary>
    public long? MaxRequestBytesInFlight { get; init; }

    /// <summary>How long the local Raft may take to answer a peer before the call is answered 504; null, the default, is no limit.</summary>
    public TimeSpan? HandlerTimeout { get; init; }

    /// <summary>The most calls one route runs at once (503 above); 0, the default, is no cap.</summary>
    public int MaxCallsInFlightPerRoute { get; init; }

    /// <summary>The most connections the separate listener holds at once; see <see cref="RaftListenerOptions.MaxConnections"/>.</summary>
    public long? MaxConnections { get; init; } = RaftListenerOptions.DefaultMaxConnections;

    /// <summary>Where the server logs refusals and TLS rejections and the client its failures (all rate-bounded; see docs/operations.md); null, the default, logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The largest response body the client reads. Default: 16 MiB.</summary>
    public int MaxResponseBodySize { get; init; } = 16 * 1024 * 1024;

    internal static RaftCommunicationOptions Default { get; } = new();
}
