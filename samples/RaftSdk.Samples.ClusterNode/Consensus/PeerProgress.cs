namespace RaftSdk.Samples.ClusterNode.Consensus;

/// <summary>A leader's view of one follower (Figure 2, "Volatile state on leaders"), reinitialized after each election.</summary>
internal sealed class PeerProgress
{
    public PeerProgress(ulong nextIndex)
    {
        NextIndex = nextIndex;
    }

    /// <summary>Index of the next log entry to send to the follower.</summary>
    public ulong NextIndex { get; set; }

    /// <summary>Highest index known to be replicated on the follower.</summary>
    public ulong MatchIndex { get; set; }

    /// <summary>Set when the follower's log did not match at NextIndex - 1, or it could not be reached: it is caught up with Join batches first.</summary>
    public bool NeedsCatchUp { get; set; }
}
