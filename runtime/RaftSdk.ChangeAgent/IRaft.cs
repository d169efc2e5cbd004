using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.ChangeAgent;

/// <summary>
/// What a Raft implementation offers the cluster: the communication module calls it back for
/// every request that arrives from a peer. The RaftSdk generator turns this contract into
/// <see cref="RaftClient"/> and <see cref="RaftDispatcher"/>. Implementations run on server
/// threads: do not block in them.
/// </summary>
[RaftContract(RaftCommunication.ContentType)]
public interface IRaft
{
    /// <summary>This node's ID; served as <c>GET /raft/id</c> (Discover).</summary>
    [RaftRoute("/raft/id", Method = "GET", Response = typeof(DiscoveryResponse), ResultMember = nameof(DiscoveryResponse.NodeId))]
    NodeId MyId();

    /// <summary>A candidate asks for this node's vote. An exception answers 400, as the original does.</summary>
    [RaftRoute("/raft/requestvote", ErrorStatusCode = 400)]
    Task<VoteResponse> RequestVoteAsync(VoteRequest request, CancellationToken cancellationToken);

    /// <summary>The leader appends entries. An exception answers 500.</summary>
    [RaftRoute("/raft/append", ErrorStatusCode = 500)]
    Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// A follower forwards a new entry to the leader. An exception answers 500, as the original
    /// does; the error text also travels in the body, which a Go peer ignores.
    /// </summary>
    [RaftRoute("/raft/propose", ErrorStatusCode = 500, ErrorMember = nameof(ProposalResponse.Error))]
    Task<ProposalResponse> ProposeAsync(Entry entry, CancellationToken cancellationToken);

    /// <summary>
    /// The leader catches this node up. An exception answers 200 with the error text in
    /// <see cref="ProposalResponse.Error"/>, as the original does.
    /// </summary>
    [RaftRoute("/raft/join", ErrorStatusCode = 200, ErrorMember = nameof(ProposalResponse.Error))]
    Task<ProposalResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken);
}
