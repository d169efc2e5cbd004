using System;
using Microsoft.AspNetCore.Http;

namespace RaftSdk.Server;

/// <summary>Settings of the server side: content type, request size limit, error observer.</summary>
public sealed class RaftServerOptions
{
    /// <summary>The default for <see cref="MaxRequestBodySize"/>: 8 MiB (8,388,608 bytes).</summary>
    public const long DefaultMaxRequestBodySize = 8 * 1024 * 1024;

    /// <summary>
    /// The exact Content-Type of request and response bodies, for example
    /// <c>application/changeagent+protobuf</c>. A request whose Content-Type differs in any way
    /// (also by a <c>charset</c> parameter or by case) is answered with 415, as the Go original does.
    /// </summary>
    public required string ContentType { get; init; }

    /// <summary>
    /// The largest request body accepted, in bytes; larger bodies are answered with 413, whether
    /// the Content-Length announces them or a chunked body grows past the limit. Default 8 MiB
    /// (<see cref="DefaultMaxRequestBodySize"/>).
    /// </summary>
    public long MaxRequestBodySize { get; init; } = DefaultMaxRequestBodySize;

    /// <summary>
    /// Called with every exception a handler or service throws before the error answer is written
    /// (for logging). Null, the default, logs nothing. It must not throw.
    /// </summary>
    public Action<HttpContext, Exception>? OnHandlerError { get; init; }
}
