using System;
using System.Collections.Generic;
using System.Globalization;
using DotNext.Net.Cluster.Consensus.Raft;

namespace RaftSdk.DotNext.Cluster;

/// <summary>
/// The cluster settings of a DotNext member on RaftSdk: bound from the <c>RaftSdk:Cluster</c>
/// configuration section by <see cref="Hosting.DotNextClusterHostingExtensions.AddDotNextCluster(RaftSdk.Hosting.IRaftSdkBuilder, Microsoft.Extensions.Configuration.IConfiguration, Action{RaftSdkClusterOptions})"/>
/// (and checked when the host starts), or set in code. Ports, TLS and the per-call timeout are the
/// node's other <c>RaftSdk</c> settings.
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

    /// <summary><c>MaxSnapshotSize</c>: the largest snapshot this member accepts, in bytes (a longer body is refused); 256 MiB by default.</summary>
    public long MaxSnapshotSize { get; set; } = 256L * 1024 * 1024;

    /// <summary><c>Metadata</c>: pairs any member can read with <c>GetMetadataAsync</c>.</summary>
    public IDictionary<string, string> Metadata { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <inheritdoc />
    ElectionTimeout IClusterMemberConfiguration.ElectionTimeout => new() { LowerValue = LowerElectionTimeout, UpperValue = UpperElectionTimeout };

    /// <summary>The configuration section the settings are bound from, under <c>RaftSdk</c>: <c>RaftSdk:Cluster</c>.</summary>
    public const string SectionName = "Cluster";

    /// <summary>Where the settings came from (<c>RaftSdk:Cluster</c>), so problems name configuration keys; null when set in code.</summary>
    internal string? Path { get; set; }

    /// <summary>Values the binder could not read, each naming its key.</summary>
    internal List<string> BindErrors { get; } = new();

    /// <summary>Checks the values; a message per problem, each naming its setting (its configuration key when bound), empty when all is well.</summary>
    /// <returns>The problems found.</returns>
    public IReadOnlyList<string> Validate() => Validate(requirePublicAddress: true);

    /// <summary>A copy, so a member's own changes (its address, found once the listener runs) leave the shared settings as they are.</summary>
    internal RaftSdkClusterOptions Copy()
    {
        var copy = (RaftSdkClusterOptions)MemberwiseClone();
        copy.Members = new List<string>(Members);
        copy.Metadata = new Dictionary<string, string>(Metadata, StringComparer.Ordinal);
        return copy;
    }

    /// <param name="requirePublicAddress">False when the host starts: a member's address may be completed from the listener's port later.</param>
    internal IReadOnlyList<string> Validate(bool requirePublicAddress)
    {
        var problems = new List<string>(BindErrors);
        if (!string.IsNullOrWhiteSpace(PublicAddress))
        {
            Check(PublicAddress, Key(nameof(PublicAddress)), problems);
        }
        else if (requirePublicAddress)
        {
            problems.Add($"{Key(nameof(PublicAddress))}: not set (this member as its peers call it, host:port)");
        }

        var listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < Members.Count; i++)
        {
            if (Check(Members[i], $"{Key(nameof(Members))}:{i}", problems) && !listed.Add(Members[i]))
            {
                problems.Add($"{Key(nameof(Members))}:{i}: '{Members[i]}' is listed twice");
            }
        }

        if (Members.Count > 0 && !string.IsNullOrWhiteSpace(PublicAddress) && !listed.Contains(PublicAddress))
        {
            problems.Add($"{Key(nameof(Members))}: does not list {Key(nameof(PublicAddress))} '{PublicAddress}' (list every initial member, this one included, or none for a member that joins a running cluster)");
        }

        if (LowerElectionTimeout <= 0 || UpperElectionTimeout <= LowerElectionTimeout)
        {
            problems.Add($"{Key(nameof(LowerElectionTimeout))}: {LowerElectionTimeout} must be positive and below {Key(nameof(UpperElectionTimeout))} ({UpperElectionTimeout})");
        }

        if (HeartbeatThreshold is <= 0 or >= 1 || double.IsNaN(HeartbeatThreshold))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{Key(nameof(HeartbeatThreshold))}: {HeartbeatThreshold} must be between 0 and 1 (a fraction of the lower election timeout)"));
        }

        if (WarmupRounds <= 0)
        {
            problems.Add($"{Key(nameof(WarmupRounds))}: {WarmupRounds} must be positive");
        }

        if (MaxSnapshotSize <= 0)
        {
            problems.Add($"{Key(nameof(MaxSnapshotSize))}: {MaxSnapshotSize} must be positive");
        }

        return problems;
    }

    /// <summary>A setting as a problem names it: its configuration key when bound, else its property name.</summary>
    internal string Key(string setting) => Path is null ? setting : $"{Path}:{setting}";

    private static bool Check(string address, string key, List<string> problems)
    {
        try
        {
            PeerAddresses.Parse(address);
            return true;
        }
        catch (FormatException exception)
        {
            problems.Add($"{key}: {exception.Message.TrimEnd('.')}");
            return false;
        }
    }
}
