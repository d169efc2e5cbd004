using System.Threading;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent;

namespace RaftSdk.Benchmarks.Serve;

/// <summary>A Raft that answers at once: Append gets the request's term and no success.</summary>
internal sealed class BenchRaft : IRaft
{
    private static readonly NodeId Id = new(1);

    public NodeId MyId() => Id;

    public Task<VoteResponse> RequestVoteAsync(VoteRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new VoteResponse { NodeId = Id, Term = request.Term, VoteGranted = false });

    public Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Workload.Answer(request));

    public Task<ProposalResponse> ProposeAsync(Entry entry, CancellationToken cancellationToken) =>
        Task.FromResult(new ProposalResponse { NewIndex = entry.Index });

    public Task<ProposalResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ProposalResponse());
}
