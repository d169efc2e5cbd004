using System;
using Microsoft.Extensions.Logging;
using RaftSdk.Tls;

namespace RaftSdk.Transport;

/// <summary>Settings of a <see cref="RaftClientCore"/>.</summary>
public sealed class RaftClientOptions
{
    /// <summary>The default for <see cref="Timeout"/>: 10 seconds, as in the Go original.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The default for <see cref="MaxResponseBodySize"/>: 16 MiB.</summary>
    public const int DefaultMaxResponseBodySize = 16 * 1024 * 1024;

    /// <summary>The exact Content-Type of request bodies and of expected response bodies, for example <c>application/changeagent+protobuf</c>.</summary>
    public required string ContentType { get; init; }

    /// <summary>
    /// The limit of one whole call: connect, send, and read the answer. Default 10 seconds;
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Mutual TLS credentials; when set the client speaks https and presents the node certificate.</summary>
    public RaftTlsCredentials? Tls { get; init; }

    /// <summary>The largest response body the client reads, in bytes. Default 16 MiB; a larger answer is a <see cref="RaftProtocolException"/>.</summary>
    public int MaxResponseBodySize { get; init; } = DefaultMaxResponseBodySize;

    /// <summary>
    /// The most fields an answer is decoded to; one more is a <see cref="RaftProtocolException"/>.
    /// Default <see cref="Server.RaftServerOptions.DefaultMaxDecodedFields"/>, the cap a server puts
    /// on requests: an answer costs the client what a request costs the server.
    /// </summary>
    public long MaxDecodedFields { get; init; } = Server.RaftServerOptions.DefaultMaxDecodedFields;

    /// <summary>
    /// When true, the default, a 200 answer whose Content-Type is not <see cref="ContentType"/>
    /// (media type compared without case, parameters ignored) is a <see cref="RaftProtocolException"/>
    /// instead of being parsed. Turn it off for a peer that labels its bodies wrongly.
    /// </summary>
    public bool CheckResponseContentType { get; init; } = true;

    /// <summary>Where client failures are logged (event ids 200-299, see docs/operations.md); null, the default, logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
