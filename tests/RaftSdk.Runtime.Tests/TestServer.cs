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
using RaftSdk.Runtime.Tests.Protos;
using RaftSdk.Server;
using RaftSdk.Tls;
using RaftSdk.Transport;

namespace RaftSdk.Runtime.Tests;

/// <summary>What the test routes call; records what the server saw.</summary>
internal sealed class TestService
{
    public ConcurrentDictionary<string, int> ConnectionIds { get; } = new();

    public ConcurrentQueue<(string? ContentType, long? ContentLength)> Requests { get; } = new();

    public ConcurrentQueue<Exception> ObservedErrors { get; } = new();
}

/// <summary>A real Kestrel listener on 127.0.0.1 with hand-written routes that use RaftServerIO, as generated code will.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    public const string ContentType = "application/changeagent+protobuf";
    public const long MaxRequestBodySize = 1024;

    public static readonly RaftClientRoute Ping = new("POST", "/test/ping");
    public static readonly RaftClientRoute Id = new("GET", "/test/id");
    public static readonly RaftClientRoute Fail = new("POST", "/test/fail");
    public static readonly RaftClientRoute FailEmpty = new("POST", "/test/fail-empty");
    public static readonly RaftClientRoute Crash = new("POST", "/test/crash");
    public static readonly RaftClientRoute Hang = new("POST", "/test/hang");
    public static readonly RaftClientRoute Broken = new("POST", "/test/broken");
    public static readonly RaftClientRoute Garbage = new("POST", "/test/garbage");
    public static readonly RaftClientRoute TextError = new("GET", "/test/text-error");

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
        var endpoint = new RaftEndpoint<TestService>(Routes, options, () => serviceSet ? service : null);
        RaftListener listener = await RaftListener.StartAsync(
            endpoint.HandleAsync,
            new RaftListenerOptions { BindAddress = IPAddress.Loopback, Port = 0, Tls = tls });
        return new TestServer(listener, service, options);
    }

    public static RaftClientCore CreateClient(RaftTlsCredentials? tls = null, TimeSpan? timeout = null, int? maxResponseBodySize = null) =>
        new(new RaftClientOptions
        {
            ContentType = ContentType,
            Tls = tls,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            MaxResponseBodySize = maxResponseBodySize ?? RaftClientOptions.DefaultMaxResponseBodySize,
        });

    public ValueTask DisposeAsync() => Listener.DisposeAsync();

    internal static IReadOnlyList<RaftRoute<TestService>> Routes { get; } =
    [
        new("POST", "/test/ping", PingAsync),
        new("GET", "/test/id", (context, _, options) => RaftServerIO.WriteResponseAsync(context, new PongPb { Id = 1 }, options)),
        new("POST", "/test/fail", FailAsync),
        new("POST", "/test/fail-empty", FailEmptyAsync),
        new("POST", "/test/crash", (_, _, _) => throw new InvalidOperationException("the handler crashed")),
        new("POST", "/test/hang", (context, _, _) => Task.Delay(Timeout.Infinite, context.RequestAborted)),
        new("POST", "/test/broken", (context, _, options) => RaftServerIO.WriteResponseAsync(context, new PongWithoutIdPb { Text = "no id" }, options)),
        new("POST", "/test/garbage", GarbageAsync),
        new("GET", "/test/text-error", (context, _, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("conflicting term\n");
        }),
    ];

    private static async Task PingAsync(HttpContext context, TestService service, RaftServerOptions options)
    {
        service.Requests.Enqueue((context.Request.ContentType, context.Request.ContentLength));
        PingPb? request = await RaftServerIO.ReadRequestAsync(context, PingPb.Parser, options);
        if (request is null)
        {
            return;
        }

        service.ConnectionIds.TryAdd(context.Connection.Id, 0);
        var answer = new PongPb
        {
            Id = request.Id,
            BlobBytes = request.Blobs.Sum(b => b.Length),
        };
        if (request.HasText)
        {
            answer.Text = request.Text;
        }

        answer.Tags.Add("pong");
        await RaftServerIO.WriteResponseAsync(context, answer, options);
    }

    // The shape a generated dispatcher has: the service throws, the error travels in the body.
    private static async Task FailAsync(HttpContext context, TestService service, RaftServerOptions options)
    {
        PingPb? request = await RaftServerIO.ReadRequestAsync(context, PingPb.Parser, options);
        if (request is null)
        {
            return;
        }

        try
        {
            throw new InvalidOperationException("refused: " + request.Text);
        }
        catch (Exception e) when (RaftServerIO.IsHandlerFault(context, e))
        {
            await RaftServerIO.WriteErrorAsync(context, StatusCodes.Status400BadRequest, e, new PongPb { Id = 0, Error = e.Message }, options);
        }
    }

    private static async Task FailEmptyAsync(HttpContext context, TestService service, RaftServerOptions options)
    {
        try
        {
            throw new InvalidOperationException("append failed");
        }
        catch (Exception e) when (RaftServerIO.IsHandlerFault(context, e))
        {
            await RaftServerIO.WriteErrorAsync(context, StatusCodes.Status500InternalServerError, e, null, options);
        }
    }

    private static async Task GarbageAsync(HttpContext context, TestService service, RaftServerOptions options)
    {
        context.Response.ContentType = options.ContentType;
        await context.Response.Body.WriteAsync(new byte[] { 0x0A, 0xFF, 0xFF, 0xFF });
    }

    public static PingPb NewPing(ulong id, string? text = null)
    {
        var ping = new PingPb { Id = id };
        if (text is not null)
        {
            ping.Text = text;
        }

        return ping;
    }

    public static byte[] Serialize(IMessage message) => message.ToByteArray();
}
