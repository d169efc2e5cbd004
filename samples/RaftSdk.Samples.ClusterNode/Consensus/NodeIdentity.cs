using System.Collections.Generic;

namespace RaftSdk.Samples.ClusterNode.Consensus;

/// <summary>Who this node is, which cluster it belongs to and where its peers listen (<c>host:port</c>).</summary>
internal sealed record NodeIdentity(ulong Id, ulong ClusterId, IReadOnlyDictionary<ulong, string> Peers)
{
    /// <summary>Votes (or matching logs) needed for a decision: a majority of all members, this node included.</summary>
    public int Majority => ((Peers.Count + 1) / 2) + 1;
}
