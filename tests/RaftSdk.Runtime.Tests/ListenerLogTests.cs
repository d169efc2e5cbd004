using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RaftSdk.Hosting;
using RaftSdk.Server;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// The dedicated listener logs what RaftSdk says, rate-bounded, and nothing per request or per
/// connection from ASP.NET Core: calls, refusals and hostile connections add no
/// "Request starting/finished" or bad-request lines (issue 18, point 7).
/// </summary>
public sealed class ListenerLogTests
{
    [Fact]
    public async Task Calls_refusals_and_garbage_connections_log_only_RaftSdk_lines()
    {
        var log = new ListLoggerFactory();
        RaftRoute<TestService>[] routes =
        [
            RaftRoute<TestService>.Unary<Nothing, Nothing>("POST", "/test/ping", Nothing.Read, "NothingPb", static (_, _, _) => new ValueTask<Nothing>(new Nothing()), 500),
        ];
        var endpoint = new RaftEndpoint<TestService>(routes, new RaftServerOptions { ContentType = TestServer.ContentType, LoggerFactory = log }, () => new TestService());
        await using RaftListener listener = await RaftListener.StartAsync(
            endpoint.HandleAsync,
            new RaftListenerOptions { BindAddress = IPAddress.Loopback, LoggerFactory = log });
        using var http = new HttpClient();
        string url = $"http://127.0.0.1:{listener.Port}/test/ping";

        for (int i = 0; i < 10; i++)
        {
            using HttpResponseMessage served = await http.PostAsync(url, Body(TestServer.ContentType));
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);

            using HttpResponseMessage refused = await http.PostAsync(url, Body("text/plain"));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);

            Assert.StartsWith("HTTP/1.1 400 Bad Request", await SendGarbageAsync(listener.Port), StringComparison.Ordinal);
        }

        var entry = Assert.Single(log.Entries);
        Assert.Equal(("RaftSdk.Server", LogLevel.Information, 101), (entry.Category, entry.Level, entry.EventId));
        Assert.EndsWith(" with 415: Content-Type must be exactly application/changeagent+protobuf (0 like refusals not logged since the last)", entry.Message, StringComparison.Ordinal);
    }

    private static ByteArrayContent Body(string contentType)
    {
        var content = new ByteArrayContent([]);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static async Task<string> SendGarbageAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await socket.SendAsync(Encoding.ASCII.GetBytes("NOT HTTP AT ALL\r\n\r\n"));
        var answer = new byte[4096];
        int length = 0;
        int read;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((read = await socket.ReceiveAsync(answer.AsMemory(length), timeout.Token)) > 0)
        {
            length += read;
        }

        return Encoding.ASCII.GetString(answer, 0, length);
    }
}
