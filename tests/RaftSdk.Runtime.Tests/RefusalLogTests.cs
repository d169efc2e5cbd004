using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using RaftSdk.Hosting;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Server;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>Refusals and faults are logged with the reason and the peer, and a flood of them once per interval with a count.</summary>
public sealed class RefusalLogTests
{
    [Fact]
    public async Task A_flood_of_refusals_is_logged_once_with_the_peer_and_the_reason()
    {
        var log = new ListLoggerFactory();
        var options = new RaftServerOptions { ContentType = TestServer.ContentType, LoggerFactory = log };
        var endpoint = new RaftEndpoint<ITestContract>(TestServer.Routes, options, () => new TestService());
        await using RaftListener listener = await RaftListener.StartAsync(endpoint.HandleAsync, new RaftListenerOptions { BindAddress = IPAddress.Loopback });
        using var http = new HttpClient();

        for (int i = 0; i < 20; i++)
        {
            var content = new ByteArrayContent(new byte[] { 8, 1 });
            content.Headers.TryAddWithoutValidation("Content-Type", "text/plain");
            using HttpResponseMessage response = await http.PostAsync($"http://127.0.0.1:{listener.Port}/test/ping", content);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        }

        var ping = new ByteArrayContent(TestServer.Serialize(TestServer.NewPing(1)));
        ping.Headers.TryAddWithoutValidation("Content-Type", TestServer.ContentType);
        using HttpResponseMessage crash = await http.PostAsync($"http://127.0.0.1:{listener.Port}/test/fail-empty", ping);

        string refusal = Assert.Single(log.Entries, e => e.EventId == 101).Message;
        Assert.StartsWith("Refused POST /test/ping from 127.0.0.1:", refusal, System.StringComparison.Ordinal);
        Assert.EndsWith(" with 415: Content-Type must be exactly application/changeagent+protobuf (0 like refusals not logged since the last)", refusal, System.StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.InternalServerError, crash.StatusCode);
        Assert.Contains(log.Entries, e => e.EventId == 150 && e.Message.Contains("/test/fail-empty", System.StringComparison.Ordinal));
    }
}
