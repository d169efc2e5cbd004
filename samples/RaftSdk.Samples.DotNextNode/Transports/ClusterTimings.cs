using System;
using RaftSdk.Samples.ClusterNode.Hosting;

namespace RaftSdk.Samples.DotNextNode.Transports;

/// <summary>
/// The timing every transport gets from the same command line, so that only the transport differs
/// between runs: election timeout random between the value and twice it, the heartbeat as DotNext's
/// fraction of the lower timeout, and one limit for a call to a peer.
/// </summary>
internal sealed record ClusterTimings(int LowerElectionTimeout, int UpperElectionTimeout, double HeartbeatThreshold, TimeSpan RequestTimeout)
{
    public static ClusterTimings From(NodeSettings settings) => new(
        (int)settings.ElectionTimeout.TotalMilliseconds,
        (int)settings.ElectionTimeout.TotalMilliseconds * 2,
        settings.Heartbeat / settings.ElectionTimeout,
        settings.RequestTimeout);
}
