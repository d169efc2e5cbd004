using System;
using System.Net;

namespace RaftSdk.ChangeAgent;

/// <summary>Settings of a communication object; every one has a default that matches the Go original.</summary>
public sealed class RaftCommunicationOptions
{
    /// <summary>The address a separate listener binds to. Default: every IPv4 interface, as the original listens on <c>:port</c>.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>The limit for a whole outgoing request. Default: 10 seconds, as the original.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest request body the server accepts; larger ones are answered 413. Default: 8 MiB.</summary>
    public long MaxRequestBodySize { get; init; } = 8 * 1024 * 1024;

    /// <summary>The largest response body the client reads. Default: 16 MiB.</summary>
    public int MaxResponseBodySize { get; init; } = 16 * 1024 * 1024;

    internal static RaftCommunicationOptions Default { get; } = new();
}
