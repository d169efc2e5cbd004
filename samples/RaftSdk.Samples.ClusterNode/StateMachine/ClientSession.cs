namespace RaftSdk.Samples.ClusterNode.StateMachine;

/// <summary>Who sent a write and its place in that client's sequence: what makes a retried write recognizable (Raft dissertation, section 6.3).</summary>
internal readonly record struct ClientSession(string Client, ulong Seq)
{
    /// <summary>The longest client id the API takes: ids are kept per client in every node's memory.</summary>
    public const int MaxClientLength = 64;
}
