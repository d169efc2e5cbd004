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
    /// Kestrel's own request body limit, a backstop for anything that reads a body without
    /// <see cref="RaftServerIO"/>; <see cref="RaftServerIO.ReadRequestAsync{TMessage}(Microsoft.AspNetCore.Http.HttpContext, Google.Protobuf.MessageParser{TMessage}, RaftServerOptions)"/>
    /// sets each request's limit to <see cref="RaftServerOptions.MaxRequestBodySize"/> and answers 413 itself.
    /// Default 8 MiB; null means no limit.
    /// </summary>
    public long? MaxRequestBodySize { get; init; } = RaftServerOptions.DefaultMaxRequestBodySize;

    /// <summary>How long <see cref="RaftListener.DisposeAsync"/> lets requests in flight finish; 5 seconds by default.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Where the listener and Kestrel log; null, the default, logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
