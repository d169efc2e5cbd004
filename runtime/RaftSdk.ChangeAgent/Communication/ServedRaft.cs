using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.ChangeAgent;

/// <summary>
/// The Raft as peers see it through this node's server: what the Go original's handlers add to
/// the local Raft's answers. Go's <c>handleRequestVote</c> puts the server's own <c>MyID()</c>
/// into <c>VoteResponsePb.nodeId</c> whatever the Raft returned, so a C# node does too.
/// </summary>
internal sealed class ServedRaft(IRaft raft) : IRaft
{
    public IRaft Raft { get; } = raft;

    public NodeId MyId() => Raft.MyId();

    public async Task<VoteResponse> RequestVoteAsync(VoteRequest request, CancellationToken cancellationToken)
    {
        VoteResponse response = await Raft.RequestVoteAsync(request, cancellationToken).ConfigureAwait(false);
        NodeId self = Raft.MyId();
        return response.NodeId == self ? response : response with { NodeId = self };
    }

    public Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken) => Raft.AppendAsync(request, cancellationToken);

    public Task<ProposalResponse> ProposeAsync(Entry entry, CancellationToken cancellationToken) => Raft.ProposeAsync(entry, cancellationToken);

    public Task<ProposalResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken) => Raft.JoinAsync(request, cancellationToken);
}
