using System;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent;

namespace RaftSdk.Samples.Telemetry;

/// <summary>A Raft that accepts everything but empty proposals: enough for the node to answer its peers.</summary>
internal sealed class SampleRaft(NodeId id) : IRaft
{
    public NodeId MyId() => id;

    public Task<VoteResponse> RequestVoteAsync(VoteRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new VoteResponse { NodeId = id, Term = request.Term, VoteGranted = true });

    public Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new AppendResponse { Term = request.Term, Success = true });

    /// <summary>Refuses an entry without data, so the sample's load has server-side failures to show.</summary>
    public Task<ProposalResponse> ProposeAsync(Entry entry, CancellationToken cancellationToken) =>
        entry.Data.IsEmpty
            ? throw new InvalidOperationException("the sample refuses an entry without data")
            : Task.FromResult(new ProposalResponse { NewIndex = 1 });

    public Task<ProposalResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ProposalResponse());
}
