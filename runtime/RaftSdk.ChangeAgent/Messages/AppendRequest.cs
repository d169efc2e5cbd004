using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using RaftSdk.ChangeAgent.Protobufs;

namespace RaftSdk.ChangeAgent;

/// <summary>Sent by the leader to append entries to a follower's log (and as a heartbeat).</summary>
[ProtoMessage(typeof(AppendRequestPb))]
public sealed partial record AppendRequest
{
    /// <summary>The leader's term.</summary>
    public ulong Term { get; init; }

    /// <summary>The leader.</summary>
    public NodeId LeaderId { get; init; }

    /// <summary>Index of the entry before the new ones.</summary>
    public ulong PrevLogIndex { get; init; }

    /// <summary>Term of the entry before the new ones.</summary>
    public ulong PrevLogTerm { get; init; }

    /// <summary>The leader's commit index.</summary>
    public ulong LeaderCommit { get; init; }

    /// <summary>The entries to append; empty for a heartbeat.</summary>
    public IReadOnlyList<Entry> Entries { get; init; } = Array.Empty<Entry>();

    /// <summary>Compares by content, entries included.</summary>
    public bool Equals(AppendRequest? other) =>
        other is not null
        && Term == other.Term
        && LeaderId == other.LeaderId
        && PrevLogIndex == other.PrevLogIndex
        && PrevLogTerm == other.PrevLogTerm
        && LeaderCommit == other.LeaderCommit
        && Entries.SequenceEqual(other.Entries);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Term, LeaderId, PrevLogIndex, PrevLogTerm, LeaderCommit, Entries.Count);

    /// <summary>The Go original's text, entries included.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(FormattableString.Invariant(
            $"AppendRequest{{ Term: {Term} Leader: {LeaderId.Value} PrevIx: {PrevLogIndex} PrevTerm: {PrevLogTerm} LeaderCommit: {LeaderCommit} ["));
        foreach (Entry entry in Entries)
        {
            text.Append(entry.ToString());
        }

        return text.Append(" ]}").ToString();
    }
}
