using System;
using System.Net;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent.Tests.Infrastructure;
using RaftSdk.Hosting;
using RaftSdk.Server;
using Xunit;

namespace RaftSdk.ChangeAgent.Tests.Reliability;

/// <summary>Broken HTTP framing is the client's fault: 400, or 408 for a body that stalls; never 500 (issue 13, finding 3).</summary>
public sealed class FramingStatusTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_bad_chunk_size_is_400()
    {
        await using ICommunication node = await Nodes.StartAsync(new QuietRaft());
        byte[] request = RawHttp.Head("POST /raft/append HTTP/1.1\nHost: x\nContent-Type: application/changeagent+protobuf\nTransfer-Encoding: chunked\n\nzz\nabc\n0\n\n");

        Assert.Equal("HTTP/1.1 400 Bad Request", await RawHttp.SendAsync(node.Port, request, halfClose: false, Timeout));
    }

    // A body cut short by the client's FIN gets no answer at all: Kestrel aborts the connection
    // (see TruncatedBodyTests); one cut short that stays open stalls, which is the 408 below.
    [Theory]
    [InlineData("Transfer-Encoding: chunked\n\n2\n\u0008\u0001\n")]
    [InlineData("Content-Length: 100\n\n\u0008\u0001")]
    public async Task A_body_that_stalls_is_408(string framing)
    {
        var raft = new QuietRaft();
        var endpoint = new RaftEndpoint<IRaft>(RaftDispatcher.Routes, new RaftServerOptions { ContentType = RaftCommunication.ContentType }, () => raft);
        await using RaftListener listener = await RaftListener.StartAsync(
            endpoint.HandleAsync,
            new RaftListenerOptions { BindAddress = IPAddress.Loopback, MinRequestBodyDataRate = 240, MinRequestBodyGracePeriod = TimeSpan.FromSeconds(2) });
        byte[] request = RawHttp.Head("POST /raft/append HTTP/1.1\nHost: x\nContent-Type: application/changeagent+protobuf\n" + framing);

        Assert.Equal("HTTP/1.1 408 Request Timeout", await RawHttp.SendAsync(listener.Port, request, halfClose: false, Timeout));
        Assert.Equal(0, raft.AppendedEntries);
    }
}
