using System;
using System.Collections.Generic;
using System.Globalization;
using DotNext.Net.Cluster.Consensus.Raft;

namespace RaftSdk.DotNext.Cluster;

/// <summary>
/// The cluster settings of a DotNext member on RaftSdk, set in code (the sample node fills them
/// from its command line). Ports, TLS and the per-call timeout are the node's <c>RaftSdk</c> settings.
/// </summary>
public sealed class RaftSdkClusterOptions : IClusterMemberConfiguration
{
    /// <summary><c>PublicAddress</c>: this member as its peers call it, <c>host:port</c>; its id derives from it.</summary>
    public string PublicAddress { get; set; } = string.Empty;

    /// <summary>
    /// <c>Members</c>: the initial members as <c>host:port</c>, this one included. Empty for a node
    /// that joins a running cluster (the leader adds it with <c>AddMemberAsync</c>).
    /// </summary>
    public IList<string> Members { get; set; } = new List<string>();

    /// <summary><c>LowerElectionTimeout</c>: the shortest election timeout in milliseconds; 150 by default.</summary>
    public int LowerElectionTimeout { get; set; } = 150;

    /// <summary><c>UpperElectionTimeout</c>: the longest election timeout in milliseconds; 300 by default.</summary>
    public int UpperElectionTimeout { get; set; } = 300;

    /// <summary><c>HeartbeatThreshold</c>: the heartbeat period as a fraction of the lower election timeout; 0.5 by default.</summary>
    public double HeartbeatThreshold { get; set; } = 0.5;

    /// <summary><c>WarmupRounds</c>: replication rounds a new member gets before it counts in the quorum; 10 by default.</summary>
    public int WarmupRounds { get; set; } = 10;

    /// <summary><c>Standby</c>: this member never becomes a candidate.</summary>
    public bool Standby { get; set; }

    /// <summary><c>IsLeaderLeaseEnabled</c>: the leader serves reads under a lease; on by default.</summary>
    public bool IsLeaderLeaseEnabled { get; set; } = true;

    /// <summary><c>SnapshotChunkSize</c>: the bytes of one InstallSnapshot piece; 1 MiB by default.</summary>
    public int SnapshotChunkSize { get; set; } = 1024 * 1024;

    /// <summary><c>MaxSnapshotSize</c>: the largest snapshot this member accepts, in bytes; 256 MiB by default.</summary>
    public long MaxSnapshotSize { get; set; } = 256L * 1024 * 1024;

    /// <summary><c>Metadata</c>: pairs any member can read with <c>GetMetadataAsync</c>.</summary>
    public IDictionary<string, string> Metadata { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <inheritdoc />
    ElectionTimeout IClusterMemberConfiguration.ElectionTimeout => new() { LowerValue = LowerElectionTimeout, UpperValue = UpperElectionTimeout };

    /// <summary>Checks the values; a message per problem, empty when all is well.</summary>
    /// <returns>The problems found.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(PublicAddress))
        {
            problems.Add("PublicAddress is required: this member as its peers call it, host:port.");
        }
        else
        {
            Check(PublicAddress, "PublicAddress", problems);
        }

        foreach (string member in Members)
        {
            Check(member, "Members", problems);
        }

        if (LowerElectionTimeout <= 0 || UpperElectionTimeout <= LowerElectionTimeout)
        {
            problems.Add($"LowerElectionTimeout ({LowerElectionTimeout}) must be positive and below UpperElectionTimeout ({UpperElectionTimeout}).");
        }

        if (HeartbeatThreshold is <= 0 or >= 1)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"HeartbeatThreshold ({HeartbeatThreshold}) must be between 0 and 1 (a fraction of the lower election timeout)."));
        }

        if (SnapshotChunkSize <= 0)
        {
            problems.Add($"SnapshotChunkSize ({SnapshotChunkSize}) must be positive.");
        }

        return problems;

        static void Check(string address, string key, List<string> problems)
        {
            try
            {
                PeerAddresses.Parse(address);
            }
            catch (FormatException exception)
            {
                problems.Add($"{key}: {exception.Message}");
            }
        }
    }
}
