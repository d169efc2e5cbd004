using System.Globalization;
using System.Linq;
using System.Text;
using RaftSdk.ChangeAgent;

namespace RaftSdk.Samples.ClusterNode.StateMachine;

/// <summary>
/// What an entry means to the key-value store: a write carries its key as the entry's first tag and
/// its value as the data; a write with a client session (type 1) carries the client id and its seq
/// as the second and third tags; a no-op (negative type: internal, as in changeagent) is what a new
/// leader commits first so that entries of earlier terms commit with it (Raft paper, section 8).
/// </summary>
internal static class Command
{
    public const int WriteType = 0;
    public const int SessionWriteType = 1;
    public const int NoOpType = -1;

    public static Entry Write(string key, string value, ClientSession? session = null) => new()
    {
        Type = session is null ? WriteType : SessionWriteType,
        Tags = session is { } s ? new[] { key, s.Client, s.Seq.ToString(CultureInfo.InvariantCulture) } : new[] { key },
        Data = Encoding.UTF8.GetBytes(value),
        Timestamp = NanoTimestamp.Now,
    };

    public static Entry NoOp() => new() { Type = NoOpType, Timestamp = NanoTimestamp.Now };

    public static bool IsWrite(Entry entry) => (entry.Type == WriteType && entry.Tags.Count == 1) || SessionOf(entry) is not null;

    /// <summary>The client and seq of a session write; null for any other entry.</summary>
    public static ClientSession? SessionOf(Entry entry) =>
        entry.Type == SessionWriteType && entry.Tags.Count == 3 && ulong.TryParse(entry.Tags[2], NumberStyles.None, CultureInfo.InvariantCulture, out ulong seq)
            ? new ClientSession(entry.Tags[1], seq)
            : null;

    public static string KeyOf(Entry entry) => IsWrite(entry) ? entry.Tags[0] : string.Empty;

    public static string ValueOf(Entry entry) => Encoding.UTF8.GetString(entry.Data.Span);

    /// <summary>The same entry with payload and tags in arrays of its own: a received entry may wrap the request's buffer.</summary>
    public static Entry OwnCopy(Entry entry) => entry with { Data = entry.Data.ToArray(), Tags = entry.Tags.ToArray() };
}
