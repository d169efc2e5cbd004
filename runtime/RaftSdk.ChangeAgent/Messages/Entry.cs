using System;
using System.Collections.Generic;
using System.Linq;
using RaftSdk.ChangeAgent.Protobufs;

namespace RaftSdk.ChangeAgent;

/// <summary>A single record of the Raft log (changeagent's <c>common.Entry</c>).</summary>
[ProtoMessage(typeof(EntryPb))]
public sealed partial record Entry
{
    /// <summary>The sequential log index.</summary>
    public ulong Index { get; init; }

    /// <summary>User-defined record type; negative types are internal (configuration changes).</summary>
    public int Type { get; init; }

    /// <summary>The Raft term; left off the wire when 0, as the Go encoder does.</summary>
    public ulong Term { get; init; }

    /// <summary>Nanoseconds since 1970-01-01 UTC; always on the wire, as the Go encoder writes it.</summary>
    [ProtoField(EmitDefault = true)]
    public NanoTimestamp Timestamp { get; init; }

    /// <summary>Tags for matching.</summary>
    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();

    /// <summary>The payload. Sent without a copy; on receive it wraps the request's buffer.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>True when the entry carries every tag in <paramref name="tags"/> (true for none).</summary>
    public bool MatchesAllTags(IEnumerable<string> tags) => tags.All(MatchesTag);

    /// <summary>True when the entry carries any tag in <paramref name="tags"/> (true for none).</summary>
    public bool MatchesAnyTag(IReadOnlyCollection<string> tags) => tags.Count == 0 || tags.Any(MatchesTag);

    /// <summary>True when the entry carries <paramref name="tag"/>.</summary>
    public bool MatchesTag(string tag) => Tags.Contains(tag, StringComparer.Ordinal);

    /// <summary>Compares by content: tags in order and payload bytes, not by reference.</summary>
    public bool Equals(Entry? other) =>
        other is not null
        && Index == other.Index
        && Type == other.Type
        && Term == other.Term
        && Timestamp == other.Timestamp
        && Tags.SequenceEqual(other.Tags, StringComparer.Ordinal)
        && Data.Span.SequenceEqual(other.Data.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Index, Type, Term, Timestamp, Tags.Count, Data.Length);

    /// <summary>The Go original's text: <c>{ Index: 3 Term: 3 Type: 0 (13 bytes) }</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"{{ Index: {Index} Term: {Term} Type: {Type} ({Data.Length} bytes) }}");
}
