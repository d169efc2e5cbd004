using System.Threading;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent;

namespace RaftSdk.Samples.Telemetry;

/// <summary>A Raft that accepts everything: enough for the node to answer its peers.</summary>
internal sealed class SampleRaft(NodeId id) : IRaft
{
    public NodeId MyId() => id;

    public Task<VoteResponse> RequestVoteAsync(VoteRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new VoteResponse { NodeId = id, Term = request.Term, VoteGranted = true });

    public Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new AppendResponse { Term = request.Term, Success = true });

    public Task<ProposalResponse> ProposeAsync(Entry entry, CancellationToken cancellationToken) =>
        Task.FromResult(new ProposalResponse { NewIndex = 1 });

    public Task<ProposalResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ProposalResponse());
}
