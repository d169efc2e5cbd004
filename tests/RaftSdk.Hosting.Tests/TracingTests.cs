using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using RaftSdk.Diagnostics;
using RaftSdk.Hosting;
using RaftSdk.Hosting.Tests.Contract;
using RaftSdk.Server;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Hosting.Tests;

/// <summary>Client and server spans of one call belong to one trace, linked by W3C traceparent.</summary>
[Collection(DiagnosticsCollection.Name)]
public sealed class TracingTests
{
    [Fact]
    public async Task The_server_span_is_a_child_of_the_client_span()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RaftDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var greeter = new Greeter();
        var endpoint = new RaftEndpoint<IGreeter>(GreeterDispatcher.Routes, new RaftServerOptions { ContentType = GreeterDispatcher.ContentType }, () => greeter);
        await using RaftListener server = await RaftListener.StartAsync(endpoint.HandleAsync, new RaftListenerOptions { BindAddress = IPAddress.Loopback });
        using var core = new RaftClientCore(new RaftClientOptions { ContentType = GreeterClient.ContentType });

        await new GreeterClient(core).HelloAsync("127.0.0.1:" + server.Port, new HelloRequest("trace", 1));

        Activity client = Assert.Single(stopped, a => a.Kind == ActivityKind.Client);
        Activity serverSpan = Assert.Single(stopped, a => a.Kind == ActivityKind.Server);
        Assert.Equal(client.TraceId, serverSpan.TraceId);
        Assert.Equal(client.SpanId, serverSpan.ParentSpanId);
        Assert.Equal("POST /greeter/v1/hello", client.DisplayName);
        Assert.Equal("POST /greeter/v1/hello", serverSpan.DisplayName);
        Assert.Equal("raftsdk", client.GetTagItem("rpc.system"));
        Assert.Equal("/greeter/v1/hello", client.GetTagItem("rpc.method"));
        Assert.Equal("127.0.0.1", client.GetTagItem("server.address"));
        Assert.Equal(server.Port, client.GetTagItem("server.port"));
        Assert.Equal(200, client.GetTagItem("http.response.status_code"));
        Assert.Equal(typeof(IGreeter).FullName, serverSpan.GetTagItem("rpc.service"));
        Assert.Equal(200, serverSpan.GetTagItem("http.response.status_code"));
        Assert.Null(Activity.Current);
    }

    [Fact]
    public async Task On_a_web_app_with_logging_the_server_span_still_links_to_the_client_span()
    {
        // ASP.NET Core makes a request activity of its own here (logging is on) that nobody exports.
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RaftDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var builder = Infrastructure.TestHosts.Web(Infrastructure.TestHosts.Settings(), new Microsoft.Extensions.Logging.Testing.FakeLoggerProvider());
        builder.Services.AddSingleton<IGreeter>(new Greeter());
        await using var app = builder.Build();
        app.MapRaftContract<IGreeter>(GreeterDispatcher.Routes, GreeterDispatcher.ContentType);
        await app.StartAsync();
        using var core = new RaftClientCore(new RaftClientOptions { ContentType = GreeterClient.ContentType });

        await new GreeterClient(core).HelloAsync("127.0.0.1:" + Infrastructure.TestHosts.AppPort(app), new HelloRequest("web", 1));
        await app.StopAsync();

        Activity client = Assert.Single(stopped, a => a.Kind == ActivityKind.Client);
        Activity serverSpan = Assert.Single(stopped, a => a.Kind == ActivityKind.Server);
        Assert.Equal(client.TraceId, serverSpan.TraceId);
        Assert.Equal(client.SpanId, serverSpan.ParentSpanId);
    }

    [Fact]
    public async Task A_failed_call_marks_its_span_with_the_error_type()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RaftDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        int closedPort = ClosedPort();
        using var core = new RaftClientCore(new RaftClientOptions { ContentType = GreeterClient.ContentType });

        await Assert.ThrowsAsync<RaftConnectionException>(() => new GreeterClient(core).HelloAsync("127.0.0.1:" + closedPort, new HelloRequest("x", 1)));

        Activity client = Assert.Single(stopped);
        Assert.Equal(ActivityStatusCode.Error, client.Status);
        Assert.Equal("connection_refused", client.GetTagItem("error.type"));
    }

    /// <summary>
    /// What a Go peer's net/http server sees: a well-formed HTTP/1.1 request whose extra
    /// <c>traceparent</c> header is a valid token and value (Go ignores headers it does not
    /// know), the exact Content-Type, and a body of exactly Content-Length bytes. The fake peer
    /// answers as Go does and the call succeeds.
    /// </summary>
    [Fact]
    public async Task A_Go_style_peer_accepts_the_request_with_the_traceparent_header()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RaftDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var peer = new TcpListener(IPAddress.Loopback, 0);
        peer.Start();
        int port = ((IPEndPoint)peer.LocalEndpoint).Port;
        byte[] answer = new Contract.Protos.HelloReplyPb { Text = "from go", ServedBy = 1 }.ToByteArray();
        Task<string> served = ServeOneGoStyleAsync(peer, answer);
        using var core = new RaftClientCore(new RaftClientOptions { ContentType = GreeterClient.ContentType });

        HelloReply reply = await new GreeterClient(core).HelloAsync("127.0.0.1:" + port, new HelloRequest("go", 1));
        string head = await served.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("from go", reply.Text);
        string[] lines = head.Split("\r\n");
        Assert.Equal("POST /greeter/v1/hello HTTP/1.1", lines[0]);
        Assert.Contains("Content-Type: application/x-greeter+protobuf", lines);
        string traceparent = Assert.Single(lines, l => l.StartsWith("traceparent:", StringComparison.OrdinalIgnoreCase));
        Assert.Matches(new Regex("^traceparent: 00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$"), traceparent);
        // Go's textproto rejects a header line whose name is not a token: every name here is one.
        Assert.All(lines.Skip(1).Where(l => l.Length > 0), l => Assert.Matches(new Regex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+: [\\x20-\\x7e]*$"), l));
    }

    private static async Task<string> ServeOneGoStyleAsync(TcpListener listener, byte[] answer)
    {
        using TcpClient connection = await listener.AcceptTcpClientAsync();
        NetworkStream stream = connection.GetStream();
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(buffer) == 0)
            {
                throw new EndOfStreamException("The client closed before the end of the headers.");
            }

            head.Append((char)buffer[0]);
        }

        string text = head.ToString();
        int length = int.Parse(Regex.Match(text, "Content-Length: (\\d+)").Groups[1].Value);
        byte[] body = new byte[length];
        await stream.ReadExactlyAsync(body);
        string response = "HTTP/1.1 200 OK\r\nContent-Type: application/x-greeter+protobuf\r\nDate: Wed, 02 Dec 2026 10:00:00 GMT\r\n"
            + $"Content-Length: {answer.Length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
        await stream.WriteAsync(answer);
        await stream.FlushAsync();
        return text.TrimEnd();
    }

    internal static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
