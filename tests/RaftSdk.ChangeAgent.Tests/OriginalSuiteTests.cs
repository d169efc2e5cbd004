using System;
using System.Linq;
using System.Text;
using System.Threading.Channels;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent.Tests.Infrastructure;
using RaftSdk.Testing;
using Xunit;

namespace RaftSdk.ChangeAgent.Tests;

/// <summary>The original Go suite (communication/http_test.go), ported, over real Kestrel on loopback.</summary>
public sealed class OriginalSuiteTests : IAsyncLifetime
{
    private static readonly NanoTimestamp T0 = new(1700000000123456789);
    private readonly OriginalTestRaft _raft = new();
    private ICommunication _node = null!;

    public async Task InitializeAsync() => _node = await Nodes.StartAsync(_raft);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Discover_returns_the_remote_id()
    {
        Assert.Equal(new NodeId(1), await _node.DiscoverAsync(_node.Address()));
    }

    [Fact]
    public async Task RequestVote_delivers_to_the_channel_with_the_dialled_address()
    {
        var channel = Channel.CreateUnbounded<VoteResponse>();
        _node.RequestVote(_node.Address(), new VoteRequest { Term = 1, CandidateId = new NodeId(1), ClusterId = new NodeId(4) }, channel.Writer);

        VoteResponse response = await channel.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(response.Error);
        Assert.True(response.VoteGranted);
        Assert.Equal(1UL, response.Term);
        Assert.Equal(new NodeId(1), response.NodeId);
        Assert.Equal(_node.Address(), response.NodeAddress);
    }

    [Fact]
    public async Task RequestVote_failure_is_delivered_as_a_response_with_an_error()
    {
        var channel = Channel.CreateUnbounded<VoteResponse>();
        await using ICommunication closed = await Nodes.StartAsync(new OriginalTestRaft());
        string deadAddress = closed.Address();
        await closed.DisposeAsync();

        _node.RequestVote(deadAddress, new VoteRequest { Term = 1 }, channel.Writer);
        VoteResponse response = await channel.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));
        Assert.IsType<RaftConnectionException>(response.Error);
        Assert.Equal(deadAddress, response.NodeAddress);
    }

    [Fact]
    public async Task Append_without_entries()
    {
        AppendResponse response = await _node.AppendAsync(_node.Address(), new AppendRequest { Term = 1, LeaderId = new NodeId(1) });
        Assert.Equal(1UL, response.Term);
        Assert.True(response.Success);
        Assert.Equal(0UL, response.CommitIndex); // not on the wire in v0.5.6
    }

    [Fact]
    public async Task Append_with_two_entries_arrives_exactly_as_sent()
    {
        var entries = TwoEntries();
        var request = new AppendRequest { Term = 2, LeaderId = new NodeId(1), Entries = entries };

        AppendResponse response = await _node.AppendAsync(_node.Address(), request);

        Assert.Equal(2UL, response.Term);
        Assert.False(response.Success);
        AppendRequest received = Assert.Single(_raft.Appends);
        Assert.Equal(request, received); // content equality: every field, tags, payload bytes
        Assert.Equal(1700000000123456789, received.Entries[0].Timestamp.UnixNanoseconds);
        Assert.Equal(1700000001123456789, received.Entries[1].Timestamp.UnixNanoseconds);
        Assert.Equal(new[] { "bar", "baz" }, received.Entries[1].Tags);
        Assert.Equal("Goodbye!", Encoding.UTF8.GetString(received.Entries[1].Data.Span));
    }

    [Fact]
    public async Task Join_with_the_same_entries_reports_no_error()
    {
        var request = new JoinRequest { ClusterId = new NodeId(4), Last = true, Entries = TwoEntries() };

        ProposalResponse response = await _node.JoinAsync(_node.Address(), request);

        Assert.Null(response.Error);
        Assert.Equal(2UL, response.NewIndex);
        Assert.Equal(request, Assert.Single(_raft.Joins));
    }

    [Fact]
    public async Task Propose_returns_a_new_index()
    {
        var entry = new Entry { Index = 3, Term = 3, Timestamp = T0, Data = Encoding.UTF8.GetBytes("Hello, World!") };

        ProposalResponse response = await _node.ProposeAsync(_node.Address(), entry);

        Assert.NotEqual(0UL, response.NewIndex);
        Assert.Equal(entry, Assert.Single(_raft.Proposals));
    }

    [Fact]
    public async Task Two_separate_nodes_propose_to_each_other()
    {
        var raftB = new OriginalTestRaft(2);
        await using ICommunication nodeB = await Nodes.StartAsync(raftB);
        Assert.NotEqual(0, nodeB.Port);
        Assert.NotEqual(_node.Port, nodeB.Port);

        var entry = new Entry { Index = 7, Type = 2, Timestamp = T0, Data = new byte[] { 1, 2, 3 } };
        Assert.Equal(123UL, (await _node.ProposeAsync(nodeB.Address(), entry)).NewIndex);
        Assert.Equal(123UL, (await nodeB.ProposeAsync(_node.Address(), entry)).NewIndex);
        Assert.Equal(entry, Assert.Single(raftB.Proposals));
        Assert.Equal(entry, Assert.Single(_raft.Proposals));
        Assert.Equal(new NodeId(2), await _node.DiscoverAsync(nodeB.Address()));
    }

    internal static Entry[] TwoEntries() => new[]
    {
        new Entry { Index = 1, Term = 2, Timestamp = T0, Tags = new[] { "foo" }, Data = Encoding.UTF8.GetBytes("Hello!") },
        new Entry { Index = 2, Term = 3, Timestamp = new NanoTimestamp(1700000001123456789), Tags = new[] { "bar", "baz" }, Data = Encoding.UTF8.GetBytes("Goodbye!") },
    };
}
