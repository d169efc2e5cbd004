using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using RaftSdk.Hosting;
using RaftSdk.Mapping;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Server;
using RaftSdk.Tls;
using RaftSdk.Transport;

namespace RaftSdk.Runtime.Tests;

/// <summary>The test contract's service; records what the server saw.</summary>
internal sealed class TestService : ITestContract
{
    public ConcurrentDictionary<string, int> ConnectionIds { get; } = new();

    public ConcurrentQueue<(string? ContentType, long? ContentLength)> Requests { get; } = new();

    public ConcurrentQueue<Exception> ObservedErrors { get; } = new();

    public Task<Pong> PingAsync(Ping request, CancellationToken cancellationToken) =>
        Task.FromResult(new Pong { Id = request.Id, Text = request.Text, Tags = ["pong"], BlobBytes = request.Blobs.Sum(b => b.Length) });

    public Pong Id() => new() { Id = 1 };

    public Pong Fail(Ping request) => throw new InvalidOperationException("refused: " + request.Text);

    public Pong FailEmpty(Ping request) => throw new InvalidOperationException("append failed");

    public async Task<Pong> HangAsync(Ping request, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }

    public PongWithoutId Broken(Ping request) => new() { Text = "no id" };
}

/// <summary>
/// A real Kestrel listener on 127.0.0.1 serving the generated dispatcher of <see cref="ITestContract"/>
/// (what ships), and the client's descriptors of its routes.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    public const string ContentType = TestContractClient.ContentType;
    public const long MaxRequestBodySize = 1024;

    public static readonly RaftMethod<Ping, Pong> Ping = new("POST", "/test/ping", Pong.ReadProto);
    public static readonly RaftMethod<RaftNoBody, Pong> Id = new("GET", "/test/id", Pong.ReadProto);
    public static readonly RaftMethod<Ping, Pong> Fail = new("POST", "/test/fail", Pong.ReadProto, p => p.Error);
    public static readonly RaftMethod<Ping, Pong> FailWithoutRemoteError = new("POST", "/test/fail", Pong.ReadProto);
    public static readonly RaftMethod<Ping, Pong> FailEmpty = new("POST", "/test/fail-empty", Pong.ReadProto, p => p.Error);
    public static readonly RaftMethod<Ping, Pong> Hang = new("POST", "/test/hang", Pong.ReadProto);

    // The answer of /test/broken read as the Pong it should have been (its required id is missing).
    public static readonly RaftMethod<Ping, Pong> Broken = new("POST", "/test/broken", Pong.ReadProto);

    private TestServer(RaftListener listener, TestService service, RaftServerOptions options)
    {
        Listener = listener;
        Service = service;
        Options = options;
    }

    public RaftListener Listener { get; }

    public TestService Service { get; }

    public RaftServerOptions Options { get; }

    public string Address => "127.0.0.1:" + Listener.Port;

    public static IReadOnlyList<RaftRoute<ITestContract>> Routes => TestContractDispatcher.Routes;

    public static async Task<TestServer> StartAsync(RaftTlsCredentials? tls = null, bool serviceSet = true, string? serviceNotSetMessage = null)
    {
        var service = new TestService();
        var options = new RaftServerOptions
        {
            ContentType = ContentType,
            ServiceNotSetMessage = serviceNotSetMessage ?? RaftServerOptions.DefaultServiceNotSetMessage,
            MaxRequestBodySize = MaxRequestBodySize,
            OnHandlerError = (_, e) => service.ObservedErrors.Enqueue(e),
        };
        var endpoint = new RaftEndpoint<ITestContract>(Routes, options, () => serviceSet ? service : null);
        RaftListener listener = await RaftListener.StartAsync(
            Recording(endpoint.HandleAsync, service),
            new RaftListenerOptions { BindAddress = IPAddress.Loopback, Port = 0, Tls = tls });
        return new TestServer(listener, service, options);
    }

    /// <summary>Wraps the endpoint: the head of every ping, and the connection of every call answered 200 (an answer written, not the default status).</summary>
    public static RequestDelegate Recording(RequestDelegate endpoint, TestService service) => async context =>
    {
        if (context.Request.Path == "/test/ping")
        {
            service.Requests.Enqueue((context.Request.ContentType, context.Request.ContentLength));
        }

        await endpoint(context);
        if (context.Response.HasStarted && context.Response.StatusCode == StatusCodes.Status200OK)
        {
            service.ConnectionIds.TryAdd(context.Connection.Id, 0);
        }
    };

    public static RaftClientCore CreateClient(RaftTlsCredentials? tls = null, TimeSpan? timeout = null, int? maxResponseBodySize = null) =>
        new(new RaftClientOptions
        {
            ContentType = ContentType,
            Tls = tls,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            MaxResponseBodySize = maxResponseBodySize ?? RaftClientOptions.DefaultMaxResponseBodySize,
        });

    public ValueTask DisposeAsync() => Listener.DisposeAsync();

    public static Ping NewPing(ulong id, string? text = null) => new() { Id = id, Text = text };

    public static byte[] Serialize(Ping ping) => ping.ToProto().ToByteArray();

    public static byte[] Serialize(IMessage message) => message.ToByteArray();
}
