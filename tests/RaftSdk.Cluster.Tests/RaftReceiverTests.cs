using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RaftSdk.ChangeAgent;
using RaftSdk.Samples.ClusterNode.Consensus;
using RaftSdk.Samples.ClusterNode.StateMachine;
using RaftSdk.Samples.ClusterNode.Storage;
using Xunit;

namespace RaftSdk.Cluster.Tests;

/// <summary>
/// The node's RPC receivers against Figure 2, one rule at a time, on a node that is never started
/// (no timers, no peers called), with its state on disk in a temporary folder.
/// </summary>
public sealed class RaftReceiverTests : IAsyncLifetime
{
    private static readonly NodeId Cluster = new(1);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "raftsdk-receiver-" + Guid.NewGuid().ToString("N"));
    private RaftNode _node = null!;

    public Task InitializeAsync()
    {
        _node = Open();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task RequestVote_GrantsOneCandidatePerTerm_AndTheVoteSurvivesARestart()
    {
        Assert.True((await VoteAsync(term: 2, candidate: 2)).VoteGranted);
        Assert.True((await VoteAsync(term: 2, candidate: 2)).VoteGranted); // the same candidate asking again
        VoteResponse other = await VoteAsync(term: 2, candidate: 3);
        Assert.False(other.VoteGranted);
        Assert.Equal(2UL, other.Term);

        await RestartAsync();
        Assert.False((await VoteAsync(term: 2, candidate: 3)).VoteGranted);
        Assert.True((await VoteAsync(term: 3, candidate: 3)).VoteGranted); // a new term, a new vote
    }

    [Fact]
    public async Task RequestVote_RefusesAnOlderTerm_AndALessUpToDateLog()
    {
        Assert.True((await AppendAsync(term: 3, prevIndex: 0, prevTerm: 0, commit: 0, Entries(1, 3, 3, 3))).Success);

        Assert.False((await VoteAsync(term: 2, candidate: 2, lastIndex: 9, lastTerm: 2)).VoteGranted);       // term < currentTerm
        Assert.False((await VoteAsync(term: 4, candidate: 2, lastIndex: 9, lastTerm: 2)).VoteGranted);       // last term older
        Assert.False((await VoteAsync(term: 4, candidate: 2, lastIndex: 2, lastTerm: 3)).VoteGranted);       // same last term, shorter
        Assert.True((await VoteAsync(term: 4, candidate: 3, lastIndex: 3, lastTerm: 3)).VoteGranted);        // as up to date
    }

    [Fact]
    public async Task Append_RefusesWhenThePreviousEntryIsMissingOrOfAnotherTerm()
    {
        Assert.True((await AppendAsync(term: 1, prevIndex: 0, prevTerm: 0, commit: 0, Entries(1, 1, 1))).Success);

        Assert.False((await AppendAsync(term: 1, prevIndex: 5, prevTerm: 1, commit: 0, Entries(6, 1))).Success);
        Assert.False((await AppendAsync(term: 2, prevIndex: 2, prevTerm: 2, commit: 0, Entries(3, 2))).Success);
        AppendResponse stale = await AppendAsync(term: 1, prevIndex: 2, prevTerm: 1, commit: 0, Entries(3, 1));
        Assert.False(stale.Success); // the node has seen term 2 now
        Assert.Equal(2UL, stale.Term);
    }

    [Fact]
    public async Task Append_DeletesAConflictingSuffix_KeepsMatchingEntries_AndCommitsNoFurtherThanItVouchedFor()
    {
        Assert.True((await AppendAsync(term: 1, prevIndex: 0, prevTerm: 0, commit: 1, Entries(1, 1, 1, 1, 1))).Success);

        // A leader of term 2 whose log matches up to 2 and has one entry of term 2 at 3.
        Assert.True((await AppendAsync(term: 2, prevIndex: 2, prevTerm: 1, commit: 9, Entries(3, 2))).Success);

        NodeStatus status = await _node.GetStatusAsync();
        Assert.Equal((3UL, 2UL), (status.LastIndex, status.LastTerm));
        Assert.Equal(3UL, status.CommitIndex); // min(leaderCommit 9, last new entry 3)
        Assert.Equal(new ulong[] { 1, 1, 2 }, (await _node.ReadLogAsync(1, 10)).Select(e => e.Term));

        await RestartAsync();
        Assert.Equal(new ulong[] { 1, 1, 2 }, (await _node.ReadLogAsync(1, 10)).Select(e => e.Term));
    }

    [Fact]
    public async Task Append_WithEntriesThatDoNotFollowEachOther_ChangesNothing()
    {
        Entry[] gap = { Write(1, 1), Write(3, 1) };
        await Assert.ThrowsAsync<InvalidOperationException>(() => AppendAsync(term: 1, prevIndex: 0, prevTerm: 0, commit: 0, gap));
        Assert.Equal(0UL, (await _node.GetStatusAsync()).LastIndex);
    }

    [Fact]
    public async Task Join_ReplacesAnUncommittedConflictingEntry_AndCommitsWhatItReceived()
    {
        Assert.True((await AppendAsync(term: 1, prevIndex: 0, prevTerm: 0, commit: 1, Entries(1, 1, 1, 1))).Success);
        Assert.Equal(1UL, (await _node.JoinAsync(new JoinRequest { ClusterId = Cluster }, CancellationToken.None)).NewIndex); // probe: the commit index

        ProposalResponse joined = await _node.JoinAsync(
            new JoinRequest { ClusterId = Cluster, Last = true, Entries = new[] { Write(1, 1), Write(2, 2) } }, CancellationToken.None);

        Assert.Equal(2UL, joined.NewIndex);
        NodeStatus status = await _node.GetStatusAsync();
        Assert.Equal((2UL, 2UL, 2UL), (status.LastIndex, status.LastTerm, status.CommitIndex));
    }

    [Fact]
    public async Task Join_RefusesAGap_AndAnotherCluster()
    {
        InvalidOperationException gap = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _node.JoinAsync(new JoinRequest { ClusterId = Cluster, Entries = new[] { Write(5, 1) } }, CancellationToken.None));
        Assert.Contains("after this node's last entry 0", gap.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _node.JoinAsync(new JoinRequest { ClusterId = new NodeId(9), Entries = new[] { Write(1, 1) } }, CancellationToken.None));
        Assert.Equal(0UL, (await _node.GetStatusAsync()).LastIndex);
    }

    [Fact]
    public async Task Propose_OnAFollower_IsRefusedWithoutTouchingTheLog()
    {
        NotLeaderException refused = await Assert.ThrowsAsync<NotLeaderException>(() => _node.ProposeAsync(Command.Write("k", "v"), CancellationToken.None));
        Assert.Contains("is not the leader", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0UL, (await _node.GetStatusAsync()).LastIndex);
    }

    private RaftNode Open() => RaftNode.Open(
        new NodeIdentity(1, Cluster.Value, new Dictionary<ulong, string> { [2] = "127.0.0.1:1", [3] = "127.0.0.1:2" }),
        new RaftTimings(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(300)),
        _directory,
        new UnusedCommunication(),
        NullLogger.Instance);

    private async Task RestartAsync()
    {
        await _node.DisposeAsync();
        _node = Open();
    }

    private Task<VoteResponse> VoteAsync(ulong term, ulong candidate, ulong lastIndex = 0, ulong lastTerm = 0) =>
        _node.RequestVoteAsync(new VoteRequest { Term = term, CandidateId = new NodeId(candidate), LastLogIndex = lastIndex, LastLogTerm = lastTerm, ClusterId = Cluster }, CancellationToken.None);

    private Task<AppendResponse> AppendAsync(ulong term, ulong prevIndex, ulong prevTerm, ulong commit, IReadOnlyList<Entry> entries) =>
        _node.AppendAsync(new AppendRequest { Term = term, LeaderId = new NodeId(2), PrevLogIndex = prevIndex, PrevLogTerm = prevTerm, LeaderCommit = commit, Entries = entries }, CancellationToken.None);

    private static Entry[] Entries(ulong first, params ulong[] terms) => terms.Select((term, i) => Write(first + (ulong)i, term)).ToArray();

    private static Entry Write(ulong index, ulong term) => Command.Write($"k{index}", $"v{index}.{term}") with { Index = index, Term = term };

    /// <summary>The receivers never call peers; a call here would be a bug in the test's premise.</summary>
    private sealed class UnusedCommunication : ICommunication
    {
        public int Port => 0;

        public void SetRaft(IRaft raft) => throw new NotSupportedException();

        public Task<NodeId> DiscoverAsync(string address, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public void RequestVote(string address, VoteRequest request, ChannelWriter<VoteResponse> responses, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VoteResponse> RequestVoteAsync(string address, VoteRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<AppendResponse> AppendAsync(string address, AppendRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ProposalResponse> ProposeAsync(string address, Entry entry, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ProposalResponse> JoinAsync(string address, JoinRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public void Close()
        {
        }

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
