using System;

namespace RaftSdk.Samples.ClusterNode.Consensus;

/// <summary>A write reached a node that is not (or no longer) the leader; it was not acknowledged.</summary>
internal sealed class NotLeaderException : Exception
{
    public NotLeaderException(string message)
        : base(message)
    {
    }
}
