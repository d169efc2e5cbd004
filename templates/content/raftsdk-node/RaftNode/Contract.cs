using RaftNode.Protos;
using RaftSdk;

namespace RaftNode;

// The contract between nodes. RaftSdk's source generator emits PeerClient (one method per route,
// each taking the peer's "host:port"), PeerDispatcher.Routes and the protobuf mappings.

[ProtoMessage(typeof(PingRequestPb))]
public sealed partial record PingRequest(string From, ulong Term);

[ProtoMessage(typeof(PingReplyPb))]
public sealed partial record PingReply(string Text, ulong Term);

[RaftContract("application/x-raft-node+protobuf")]
public interface IPeer
{
    [RaftRoute("/node/v1/ping", ErrorStatusCode = 400)]
    Task<PingReply> PingAsync(PingRequest request, CancellationToken cancellationToken);
}
