using System.Collections.Generic;
using RaftSdk.ChangeAgent;

namespace RaftSdk.Samples.ClusterNode.StateMachine;

/// <summary>
/// The replicated state machine: committed writes applied in log order, each client's write once.
/// Per client it keeps the last applied seq and its index (Raft dissertation, section 6.3), so a
/// retried write is answered with the original index instead of being applied again. At most
/// <see cref="MaxSessions"/> clients are kept; the one whose last write is oldest is forgotten
/// first (by log index, so every node forgets the same one). Guarded by the node's gate.
/// </summary>
internal sealed class KeyValueStore
{
    public const int MaxSessions = 10_000;

    private readonly Dictionary<string, string> _values = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, (ulong Seq, ulong Index)> _sessions = new(System.StringComparer.Ordinal);
    private readonly SortedDictionary<ulong, string> _sessionsByIndex = new();

    public int Count => _values.Count;

    public ApplyResult Apply(Entry entry)
    {
        if (!Command.IsWrite(entry))
        {
            return ApplyResult.Applied(entry.Index);
        }

        if (Command.SessionOf(entry) is { } session)
        {
            ApplyResult? earlier = Lookup(session);
            if (earlier is { } seen)
            {
                return seen;
            }

            Remember(session, entry.Index);
        }

        _values[Command.KeyOf(entry)] = Command.ValueOf(entry);
        return ApplyResult.Applied(entry.Index);
    }

    /// <summary>The earlier result of this client's write, when a write of that seq or a later one was applied; null for a new write.</summary>
    public ApplyResult? Lookup(ClientSession session)
    {
        if (!_sessions.TryGetValue(session.Client, out (ulong Seq, ulong Index) last) || session.Seq > last.Seq)
        {
            return null;
        }

        return session.Seq == last.Seq ? ApplyResult.Duplicate(last.Index) : ApplyResult.Stale(last.Seq);
    }

    public bool TryGet(string key, out string? value) => _values.TryGetValue(key, out value);

    public Dictionary<string, string> Snapshot() => new(_values, System.StringComparer.Ordinal);

    private void Remember(ClientSession session, ulong index)
    {
        if (_sessions.TryGetValue(session.Client, out (ulong Seq, ulong Index) last))
        {
            _ = _sessionsByIndex.Remove(last.Index);
        }
        else if (_sessions.Count >= MaxSessions)
        {
            using SortedDictionary<ulong, string>.Enumerator oldest = _sessionsByIndex.GetEnumerator();
            _ = oldest.MoveNext();
            _ = _sessions.Remove(oldest.Current.Value);
            _ = _sessionsByIndex.Remove(oldest.Current.Key);
        }

        _sessions[session.Client] = (session.Seq, index);
        _sessionsByIndex[index] = session.Client;
    }
}
