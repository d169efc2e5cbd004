using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using Google.Protobuf;
using RaftSdk.ChangeAgent.Tests.Infrastructure;
using Xunit;

namespace RaftSdk.ChangeAgent.Tests.Reliability;

/// <summary>A handler that never returns is answered at its deadline; a route holds at most its cap of calls (issue 13, finding 4).</summary>
public sealed class DeadlineAndCapTests
{
    private static ByteArrayContent Append() => Body(new AppendRequest { Term = 1 }.ToProto().ToByteArray());

    private static ByteArrayContent Body(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(RaftCommunication.ContentType);
        return content;
    }

    [Fact]
    public async Task A_handler_past_its_deadline_is_answered_504()
    {
        var raft = new QuietRaft { HangAppends = true };
        await using ICommunication node = await Nodes.StartAsync(raft, new RaftCommunicationOptions { BindAddress = IPAddress.Loopback, HandlerTimeout = TimeSpan.FromMilliseconds(200) });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        try
        {
            HttpResponseMessage[] answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => http.PostAsync($"http://{node.Address()}/raft/append", Append())));

            Assert.All(answers, a => Assert.Equal(HttpStatusCode.GatewayTimeout, a.StatusCode));
            Assert.Equal("The handler did not finish within its deadline of 200 ms\n", await answers[0].Content.ReadAsStringAsync());
        }
        finally
        {
            raft.Release();
        }
    }

    [Fact]
    public async Task A_route_over_its_cap_is_answered_503_with_retry_after()
    {
        var raft = new QuietRaft { HangAppends = true };
        await using ICommunication node = await Nodes.StartAsync(raft, new RaftCommunicationOptions { BindAddress = IPAddress.Loopback, MaxCallsInFlightPerRoute = 2 });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        string url = $"http://{node.Address()}/raft/append";

        Task<HttpResponseMessage> first = http.PostAsync(url, Append());
        Task<HttpResponseMessage> second = http.PostAsync(url, Append());
        await raft.WaitForHangingAsync(2);
        using HttpResponseMessage third = await http.PostAsync(url, Append());
        using HttpResponseMessage vote = await http.PostAsync($"http://{node.Address()}/raft/requestvote", Body(new VoteRequest { Term = 1 }.ToProto().ToByteArray()));
        raft.Release();
        using HttpResponseMessage firstAnswer = await first;
        using HttpResponseMessage secondAnswer = await second;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), third.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, vote.StatusCode); // the cap is per route
        Assert.Equal(HttpStatusCode.OK, firstAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondAnswer.StatusCode);
    }
}
