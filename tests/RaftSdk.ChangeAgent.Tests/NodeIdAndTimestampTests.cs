using System.Threading.Tasks;
using RaftSdk.ChangeAgent.Tests.Infrastructure;
using RaftSdk.Testing;
using Xunit;

namespace RaftSdk.ChangeAgent.Tests;

public sealed class NodeIdAndTimestampTests
{
    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(1UL, "1")]
    [InlineData(35UL, "z")]
    [InlineData(36UL, "10")]
    [InlineData(0x1234567890abcdefUL, "9ys742mx86wf")]
    [InlineData(ulong.MaxValue, "3w5e11264sgsf")]
    public void NodeId_text_is_base36_like_Go(ulong value, string text)
    {
        Assert.Equal(text, new NodeId(value).ToString());
        Assert.Equal(new NodeId(value), NodeId.Parse(text));
        Assert.True(NodeId.TryParse(text.ToUpperInvariant(), out NodeId parsed));
        Assert.Equal(value, parsed.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("not-an-id")]
    [InlineData("3w5e11264sgsg")] // 2^64: overflows
    [InlineData(" 1")]
    public void Invalid_NodeId_text_parses_to_zero_as_Go_does(string? text)
    {
        Assert.Equal(default, NodeId.Parse(text));
        Assert.False(NodeId.TryParse(text, out _));
    }

    [Fact]
    public void NanoTimestamp_keeps_every_nanosecond_and_prints_them()
    {
        var timestamp = new NanoTimestamp(1700000000123456789);
        Assert.Equal("2023-11-14T22:13:20.123456789Z", timestamp.ToString());
        Assert.Equal(1700000000123456700, NanoTimestamp.FromDateTimeOffset(timestamp.ToDateTimeOffset()).UnixNanoseconds);
    }

    [Fact]
    public async Task Ids_above_2_pow_63_and_nanosecond_timestamps_survive_a_round_trip()
    {
        var raft = new OriginalTestRaft(ulong.MaxValue - 1);
        await using ICommunication node = await Nodes.StartAsync(raft);
        var request = new AppendRequest
        {
            Term = 1,
            LeaderId = new NodeId(0x8000000000000001),
            Entries = new[] { new Entry { Index = 1, Timestamp = new NanoTimestamp(1700000000123456789) }, new Entry { Index = 2, Timestamp = new NanoTimestamp(-1) } },
        };

        await node.AppendAsync(node.Address(), request);

        AppendRequest received = Assert.Single(raft.Appends);
        Assert.Equal(0x8000000000000001UL, received.LeaderId.Value);
        Assert.Equal(1700000000123456789, received.Entries[0].Timestamp.UnixNanoseconds);
        Assert.Equal(-1, received.Entries[1].Timestamp.UnixNanoseconds);
        Assert.Equal(new NodeId(ulong.MaxValue - 1), await node.DiscoverAsync(node.Address()));
    }
}
