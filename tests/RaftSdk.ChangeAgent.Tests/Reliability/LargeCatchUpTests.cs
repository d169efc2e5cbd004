using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Google.Protobuf;
using RaftSdk.ChangeAgent.Tests.Infrastructure;
using Xunit;

namespace RaftSdk.ChangeAgent.Tests.Reliability;

/// <summary>
/// A Go leader sends every pending entry in one Append (changeagent has no batch limit); a 9 MiB
/// catch-up that a Go node accepts must get through with the defaults (issue 13, finding 5: it
/// was 413 under the old 8 MiB limit).
/// </summary>
public sealed class LargeCatchUpTests
{
    [Fact]
    public async Task A_9_MiB_append_passes_with_the_defaults()
    {
        var raft = new QuietRaft();
        await using ICommunication follower = await Nodes.StartAsync(raft, new RaftCommunicationOptions { BindAddress = IPAddress.Loopback });
        await using ICommunication leader = await Nodes.StartAsync(new QuietRaft(), new RaftCommunicationOptions { BindAddress = IPAddress.Loopback });
        byte[] payload = new byte[100];
        var request = new AppendRequest
        {
            Term = 1,
            LeaderId = new NodeId(1),
            Entries = Enumerable.Range(1, 82_000).Select(i => new Entry { Index = (ulong)i, Term = 1, Timestamp = new NanoTimestamp(i), Data = payload }).ToArray(),
        };
        int size = request.ToProto().CalculateSize();

        AppendResponse response = await leader.AppendAsync(follower.Address(), request);

        Assert.InRange(size, 9 * 1024 * 1024, 10 * 1024 * 1024);
        Assert.True(response.Success);
        Assert.Equal(82_000, raft.AppendedEntries);
    }
}
