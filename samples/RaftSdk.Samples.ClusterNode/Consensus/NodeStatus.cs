namespace RaftSdk.Samples.ClusterNode.Consensus;

/// <summary>A consistent snapshot of a node's state, for the status API.</summary>
internal sealed record NodeStatus(
    ulong Id,
    string Role,
    ulong Term,
    ulong Leader,
    ulong CommitIndex,
    ulong LastApplied,
    ulong LastIndex,
    ulong LastTerm,
    int Keys);
