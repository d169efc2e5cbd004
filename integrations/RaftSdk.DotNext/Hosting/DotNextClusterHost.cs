using System;
using System.Threading;
using RaftSdk.DotNext.Cluster;

namespace RaftSdk.DotNext.Hosting;

/// <summary>
/// Where the listener finds the local cluster member. The listener starts with the host and
/// answers 503 until <see cref="Attach"/> is called, so a node can learn its own port (port 0)
/// before it makes the member, and peers calling early are told to come back.
/// </summary>
public sealed class DotNextClusterHost
{
    private RaftSdkCluster? _cluster;

    /// <summary>The member served, or null before <see cref="Attach"/>.</summary>
    public RaftSdkCluster? Cluster => Volatile.Read(ref _cluster);

    /// <summary>Serves <paramref name="cluster"/> from now on; once only.</summary>
    /// <param name="cluster">The local member.</param>
    /// <exception cref="InvalidOperationException">A member is already attached.</exception>
    public void Attach(RaftSdkCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (Interlocked.CompareExchange(ref _cluster, cluster, null) is not null)
        {
            throw new InvalidOperationException("A cluster member is already attached to this host; a host serves one member.");
        }
    }
}
