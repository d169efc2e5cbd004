using System.Linq;
using System.Text;
using RaftSdk.ChangeAgent;

namespace RaftSdk.Samples.ClusterNode.StateMachine;

/// <summary>
/// What an entry means to the key-value store: a write carries its key as the entry's only tag and
/// its value as the data; a no-op (negative type: internal, as in changeagent) is what a new
/// leader commits first so that entries of earlier terms commit with it (Raft paper, section 8).
/// </summary>
internal static class Command
{
    public const int WriteType = 0;
    public const int NoOpType = -1;

    public static Entry Write(string key, string value) => new()
    {
        Type = WriteType,
        Tags = new[] { key },
        Data = Encoding.UTF8.GetBytes(value),
        Timestamp = NanoTimestamp.Now,
    };

    public static Entry NoOp() => new() { Type = NoOpType, Timestamp = NanoTimestamp.Now };

    public static bool IsWrite(Entry entry) => entry.Type == WriteType && entry.Tags.Count == 1;

    public static string KeyOf(Entry entry) => entry.Tags.Count == 1 ? entry.Tags[0] : string.Empty;

    public static string ValueOf(Entry entry) => Encoding.UTF8.GetString(entry.Data.Span);

    /// <summary>The same entry with payload and tags in arrays of its own: a received entry may wrap the request's buffer.</summary>
    public static Entry OwnCopy(Entry entry) => entry with { Data = entry.Data.ToArray(), Tags = entry.Tags.ToArray() };
}
