using System;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk;
using RaftSdk.ChangeAgent;

namespace RaftSdk.Samples.TwoNodes;

/// <summary>
/// A stand-in Raft that answers like the original test suite's: votes are granted in term 1,
/// appends succeed in term 1, proposals get index 123, joins answer their last entry's index.
/// A real node would run its consensus state machine here.
/// </summary>
internal sealed class SampleRaft : IRaft
{
    private readonly string _name;
    private readonly NodeId _id;

    public SampleRaft(string name, NodeId id)
    {
        _name = name;
        _id = id;
    }

    public NodeId MyId() => _id;

    public Task<VoteResponse> RequestVoteAsync(VoteRequest request, CancellationToken cancellationToken)
    {
        Log($"received {request}");
        return Task.FromResult(new VoteResponse { NodeId = _id, Term = request.Term, VoteGranted = request.Term == 1 });
    }

    public Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        Log($"received {request}");
        return Task.FromResult(new AppendResponse { Term = request.Term, Success = request.Term == 1 });
    }

    public Task<ProposalResponse> ProposeAsync(Entry entry, CancellationToken cancellationToken)
    {
        Log($"received proposal {entry}");
        return Task.FromResult(new ProposalResponse { NewIndex = 123 });
    }

    public Task<ProposalResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken)
    {
        Log($"received {request}");
        ulong last = request.Entries.Count == 0 ? 0 : request.Entries[^1].Index;
        return Task.FromResult(new ProposalResponse { NewIndex = last });
    }

    private void Log(string text) => Console.WriteLine($"    [{_name}] {text}");
}
