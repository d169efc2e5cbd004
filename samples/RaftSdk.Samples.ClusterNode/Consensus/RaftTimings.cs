using System;

namespace RaftSdk.Samples.ClusterNode.Consensus;

/// <summary>
/// How often a leader sends heartbeats and how long a follower waits for one before it stands
/// for election: a random time between the minimum and twice it, so that candidates rarely tie.
/// </summary>
internal sealed record RaftTimings(TimeSpan Heartbeat, TimeSpan ElectionTimeoutMin)
{
    public TimeSpan NextElectionTimeout() =>
        ElectionTimeoutMin + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ElectionTimeoutMin.TotalMilliseconds);
}
