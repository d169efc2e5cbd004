using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace RaftSdk.Samples.DotNextNode.StateMachine;

/// <summary>
/// The key-value store DotNext applies committed entries to. Besides the values it keeps, per
/// client, the index each sequence number was first applied at (a retried write is skipped and
/// answered with that index: exactly once) and the applied history, which serves <c>GET /log</c>
/// for indexes the write-ahead log has already dropped behind a snapshot. DotNext does not apply
/// entries without payload (a new leader's first entry), so the history holds a no-op for each
/// index it skipped, with the term of the entry after it (the write-ahead log, while it still has
/// them, shows their own terms). Every
/// <c>snapshotEvery</c> entries it asks DotNext for a snapshot (the whole state as JSON), after
/// which the log is compacted; a member that fell behind the compaction gets the snapshot.
/// </summary>
internal sealed class KvStateMachine : SimpleStateMachine
{
    public const int WriteType = 0;
    public const int NoOpType = -1;
    public const int ConfigurationType = -2;

    /// <summary>Sequence numbers remembered per client; a retry older than that is refused, never applied twice.</summary>
    private const int SessionWindow = 4096;

    private readonly int _snapshotEvery;
    private readonly Lock _gate = new();
    private State _state = new();

    public KvStateMachine(DirectoryInfo location, int snapshotEvery)
        : base(location) => _snapshotEvery = snapshotEvery;


    public int Keys
    {
        get
        {
            lock (_gate)
            {
                return _state.Values.Count;
            }
        }
    }

    public string? Read(string key)
    {
        lock (_gate)
        {
            return _state.Values.GetValueOrDefault(key);
        }
    }

    public Dictionary<string, string> ReadAll()
    {
        lock (_gate)
        {
            return new Dictionary<string, string>(_state.Values, StringComparer.Ordinal);
        }
    }

    /// <summary>The applied entries from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public List<AppliedEntry> ReadHistory(long from, long to)
    {
        lock (_gate)
        {
            // History is contiguous from index 1: entry i sits at position i - 1.
            return _state.History.Skip((int)Math.Min(from - 1, int.MaxValue)).Take((int)Math.Max(0, Math.Min(to - from + 1, int.MaxValue))).ToList();
        }
    }

    /// <summary>How <c>GET /log</c> shows an entry of the log: a write with its client and sequence, a no-op or a configuration.</summary>
    public static AppliedEntry Describe(in LogEntry entry)
    {
        if (entry.IsConfiguration)
        {
            return new AppliedEntry(entry.Index, entry.Term, ConfigurationType, string.Empty, string.Empty, string.Empty, 0);
        }

        if (entry.Length is null or 0)
        {
            return new AppliedEntry(entry.Index, entry.Term, NoOpType, string.Empty, string.Empty, string.Empty, 0);
        }

        KvCommand command = KvCommand.Decode(Payload(entry));
        return new AppliedEntry(entry.Index, entry.Term, WriteType, command.Key, command.Value, command.Client, command.Seq);
    }

    /// <summary>The index <paramref name="seq"/> of <paramref name="client"/> was applied at, if it was.</summary>
    public bool TryFindApplied(string client, ulong seq, out long index, out bool tooOld)
    {
        lock (_gate)
        {
            tooOld = false;
            index = 0;
            if (!_state.Sessions.TryGetValue(client, out Session? session))
            {
                return false;
            }

            if (session.Applied.TryGetValue(seq, out index))
            {
                return true;
            }

            tooOld = seq + SessionWindow <= session.Highest;
            return false;
        }
    }

    protected override ValueTask<bool> ApplyAsync(LogEntry entry, CancellationToken token)
    {
        AppliedEntry record = Describe(entry);
        WriteApplied? outcome = null;
        lock (_gate)
        {
            long last = _state.History.Count == 0 ? 0 : _state.History[^1].Index;
            for (long skipped = last + 1; skipped < entry.Index; skipped++)
            {
                _state.History.Add(new AppliedEntry(skipped, entry.Term, NoOpType, string.Empty, string.Empty, string.Empty, 0));
            }

            _state.History.Add(record);
            if (record.Type == WriteType)
            {
                Session session = _state.Sessions.TryGetValue(record.Client, out Session? known) ? known : _state.Sessions[record.Client] = new Session();
                if (session.Applied.TryGetValue(record.Seq, out long original) || record.Seq + SessionWindow <= session.Highest)
                {
                    outcome = new WriteApplied(original, Duplicate: true); // a retry: logged, not applied again
                }
                else
                {
                    _state.Values[record.Key] = record.Value;
                    session.Remember(record.Seq, entry.Index, SessionWindow);
                    outcome = new WriteApplied(entry.Index, Duplicate: false);
                }
            }
        }

        if (outcome is not null && entry.Context is TaskCompletionSource<WriteApplied> waiting)
        {
            waiting.TrySetResult(outcome); // the leader's HTTP request that appended this entry
        }

        return ValueTask.FromResult(entry.Index % _snapshotEvery == 0);
    }

    protected override ValueTask PersistAsync(IAsyncBinaryWriter writer, CancellationToken token)
    {
        byte[] bytes;
        lock (_gate)
        {
            bytes = JsonSerializer.SerializeToUtf8Bytes(_state, StateJson.Default.State);
        }

        return writer.WriteAsync(bytes, lengthFormat: null, token);
    }

    protected override async ValueTask RestoreAsync(FileInfo snapshotFile, CancellationToken token)
    {
        await using FileStream file = snapshotFile.OpenRead();
        State state = await JsonSerializer.DeserializeAsync(file, StateJson.Default.State, token).ConfigureAwait(false)
            ?? throw new InvalidDataException($"The snapshot {snapshotFile.FullName} holds no state.");
        lock (_gate)
        {
            _state = state;
        }
    }

    private static byte[] Payload(LogEntry entry)
    {
        var bytes = new byte[entry.Length ?? 0];
        int offset = 0;
        foreach (ReadOnlyMemory<byte> segment in entry.GetPayload())
        {
            segment.Span.CopyTo(bytes.AsSpan(offset));
            offset += segment.Length;
        }

        return bytes;
    }

    internal sealed class State
    {
        public Dictionary<string, string> Values { get; set; } = new(StringComparer.Ordinal);

        public List<AppliedEntry> History { get; set; } = [];

        public Dictionary<string, Session> Sessions { get; set; } = new(StringComparer.Ordinal);
    }

    internal sealed class Session
    {
        public ulong Highest { get; set; }

        public Dictionary<ulong, long> Applied { get; set; } = [];

        public void Remember(ulong seq, long index, int window)
        {
            Applied[seq] = index;
            Highest = Math.Max(Highest, seq);
            if (Applied.Count > window)
            {
                foreach (ulong old in Applied.Keys.Where(s => s + (ulong)window <= Highest).ToList())
                {
                    Applied.Remove(old);
                }
            }
        }
    }
}

/// <summary>One applied log entry as <c>GET /log</c> shows it.</summary>
internal sealed record AppliedEntry(long Index, long Term, int Type, string Key, string Value, string Client, ulong Seq);

/// <summary>What applying a write did: the index it took effect at, and whether it was a retry of one applied before.</summary>
internal sealed record WriteApplied(long Index, bool Duplicate);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(KvStateMachine.State))]
internal sealed partial class StateJson : JsonSerializerContext;
