namespace RaftSdk.Samples.ClusterNode.Consensus;

/// <summary>The three states of a Raft server (Figure 2, "Rules for Servers").</summary>
internal enum Role
{
    Follower,
    Candidate,
    Leader,
}
