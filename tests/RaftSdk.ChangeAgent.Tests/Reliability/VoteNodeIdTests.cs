using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using Google.Protobuf;
using RaftSdk.ChangeAgent.Protobufs;
using RaftSdk.ChangeAgent.Tests.Infrastructure;
using Xunit;

namespace RaftSdk.ChangeAgent.Tests.Reliability;

/// <summary>Go's handleRequestVote sends the server's own MyID() as VoteResponsePb.nodeId, whatever its Raft answered (issue 13, finding 5).</summary>
public sealed class VoteNodeIdTests
{
    [Fact]
    public async Task The_vote_carries_the_servers_own_id()
    {
        await using ICommunication node = await Nodes.StartAsync(new QuietRaft { Id = 7, VoteNodeId = 99 });
        using var http = new HttpClient();
        var content = new ByteArrayContent(new VoteRequest { Term = 3 }.ToProto().ToByteArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(RaftCommunication.ContentType);

        using HttpResponseMessage response = await http.PostAsync($"http://{node.Address()}/raft/requestvote", content);
        VoteResponsePb vote = VoteResponsePb.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(7UL, vote.NodeId);
        Assert.Equal(3UL, vote.Term);
        Assert.True(vote.VoteGranted);
    }
}
