using RaftSdk.ChangeAgent.Protobufs;

namespace RaftSdk.ChangeAgent;

/// <summary>The answer of <c>GET /raft/id</c>: the node's own ID.</summary>
[ProtoMessage(typeof(DiscoveryResponsePb))]
public sealed partial record DiscoveryResponse
{
    /// <summary>The answering node's ID.</summary>
    public NodeId NodeId { get; init; }
}
