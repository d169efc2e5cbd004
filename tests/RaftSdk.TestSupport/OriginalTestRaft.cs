using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent;

namespace RaftSdk.Testing;

/// <summary>
/// The test Raft of the original Go suite: MyID is 1; RequestVote grants iff term is 1 and echoes
/// the term; Append answers the request's term, success iff term is 1; Propose answers 123; Join
/// answers the index of the last entry. It records what arrived, so tests can compare.
/// </summary>
public sealed class OriginalTestRaft : IRaft
{
    private readonly NodeId _id;

    public OriginalTestRaft(ulong id = 1)
    {
        _id = new NodeId(id);
    }

    public ConcurrentQueue<AppendRequest> Appends { get; } = new();

    public ConcurrentQueue<JoinRequest> Joins { get; } = new();

    public ConcurrentQueue<Entry> Proposals { get; } = new();

    /// <summary>When set, every call except MyId throws this.</summary>
    public Exception? Failure { get; set; }

    public NodeId MyId() => _id;

    public Task<VoteResponse> RequestVoteAsync(VoteRequest request, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return Task.FromResult(new VoteResponse { NodeId = _id, Term = request.Term, VoteGranted = request.Term == 1 });
    }

    public Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        Appends.Enqueue(request);
        return Task.FromResult(new AppendResponse { Term = request.Term, Success = request.Term == 1 });
    }

    public Task<ProposalResponse> ProposeAsync(Entry entry, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        Proposals.Enqueue(entry);
        return Task.FromResult(new ProposalResponse { NewIndex = 123 });
    }

    public Task<ProposalResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        Joins.Enqueue(request);
        ulong last = request.Entries.Count == 0 ? 0 : request.Entries[request.Entries.Count - 1].Index;
        return Task.FromResult(new ProposalResponse { NewIndex = last });
    }

    private void ThrowIfFailing()
    {
        if (Failure is { } failure)
        {
            throw failure;
        }
    }
}
