using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace RaftSdk.ChangeAgent.Tests.Reliability;

/// <summary>A Raft that keeps nothing (so a test measures the server, not a queue of requests) and can be told to hang or to answer with another node id.</summary>
internal sealed class QuietRaft : IRaft
{
    private readonly SemaphoreSlim _entered = new(0);
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ulong Id { get; init; } = 7;

    /// <summary>The node id RequestVote puts in its answer (a Raft that reports something else than MyId).</summary>
    public ulong VoteNodeId { get; init; } = 7;

    /// <summary>Append waits for <see cref="Release"/> and ignores its cancellation token.</summary>
    public bool HangAppends { get; init; }

    public long AppendedEntries;

    public NodeId MyId() => new(Id);

    public Task<VoteResponse> RequestVoteAsync(VoteRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new VoteResponse { NodeId = new NodeId(VoteNodeId), Term = request.Term, VoteGranted = true });

    public async Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref AppendedEntries, request.Entries.Count);
        if (HangAppends)
        {
            _entered.Release();
            await _release.Task.ConfigureAwait(false);
        }

        return new AppendResponse { Term = request.Term, Success = true };
    }

    public Task<ProposalResponse> ProposeAsync(Entry entry, CancellationToken cancellationToken) =>
        Task.FromResult(new ProposalResponse { NewIndex = entry.Index + 1 });

    public Task<ProposalResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ProposalResponse { NewIndex = 1 });

    /// <summary>Waits until <paramref name="count"/> appends are inside the Raft.</summary>
    public async Task WaitForHangingAsync(int count)
    {
        for (int i = 0; i < count; i++)
        {
            Assert.True(await _entered.WaitAsync(TimeSpan.FromSeconds(30)), "the append never reached the Raft");
        }
    }

    public void Release() => Interlocked.Exchange(ref _release, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
