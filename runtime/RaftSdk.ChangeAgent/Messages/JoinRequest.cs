using System;
using System.Collections.Generic;
using System.Linq;
using RaftSdk.ChangeAgent.Protobufs;

namespace RaftSdk.ChangeAgent;

/// <summary>Sent by the leader to catch a new node up, possibly over several calls.</summary>
[ProtoMessage(typeof(JoinRequestPb))]
public sealed partial record JoinRequest
{
    /// <summary>The cluster the node joins.</summary>
    public NodeId ClusterId { get; init; }

    /// <summary>Marks the final call of a catch-up.</summary>
    public bool Last { get; init; }

    /// <summary>Log entries to copy.</summary>
    public IReadOnlyList<Entry> Entries { get; init; } = Array.Empty<Entry>();

    /// <summary>Configuration entries to copy.</summary>
    public IReadOnlyList<Entry> ConfigEntries { get; init; } = Array.Empty<Entry>();

    /// <summary>Compares by content, entries included.</summary>
    public bool Equals(JoinRequest? other) =>
        other is not null
        && ClusterId == other.ClusterId
        && Last == other.Last
        && Entries.SequenceEqual(other.Entries)
        && ConfigEntries.SequenceEqual(other.ConfigEntries);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ClusterId, Last, Entries.Count, ConfigEntries.Count);

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant(
        $"JoinRequest{{ Cluster: {ClusterId.Value} Last: {(Last ? "true" : "false")} Entries: {Entries.Count} ConfigEntries: {ConfigEntries.Count} }}");
}
