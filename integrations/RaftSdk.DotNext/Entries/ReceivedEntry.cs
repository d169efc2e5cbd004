using System;
using System.Threading;
using System.Threading.Tasks;
using DotNext.IO;
using DotNext.IO.Log;
using DotNext.Net.Cluster.Consensus.Raft;
using RaftSdk.DotNext.Contract;

namespace RaftSdk.DotNext.Entries;

/// <summary>
/// A log entry as it arrived: a view over the request's buffer (a struct, so no allocation and
/// no copy per entry), handed to DotNext's audit trail which copies it into the log once.
/// </summary>
internal readonly struct ReceivedEntry : IRaftLogEntry
{
    private readonly WireLogEntry _entry;
    private readonly bool _isSnapshot;

    public ReceivedEntry(WireLogEntry entry, bool isSnapshot = false)
    {
        _entry = entry;
        _isSnapshot = isSnapshot;
    }

    public long Term => _entry.Term;

    public int? CommandId => _entry.HasCommandId ? _entry.CommandId : null;

    public bool IsConfiguration => _entry.IsConfiguration;

    public bool IsSnapshot => _isSnapshot;

    public long? Length => _entry.Payload.Length;

    public bool IsReusable => true;

    public bool TryGetMemory(out ReadOnlyMemory<byte> memory)
    {
        memory = _entry.Payload;
        return true;
    }

    public ValueTask WriteToAsync<TWriter>(TWriter writer, CancellationToken token)
        where TWriter : IAsyncBinaryWriter => writer.WriteAsync(_entry.Payload, lengthFormat: null, token);
}

/// <summary>The entries of one AppendEntries request as DotNext reads them: in order, once.</summary>
internal sealed class ReceivedEntries : ILogEntryProducer<ReceivedEntry>
{
    private readonly System.Collections.Generic.IReadOnlyList<WireLogEntry> _entries;
    private int _next;

    public ReceivedEntries(System.Collections.Generic.IReadOnlyList<WireLogEntry> entries) => _entries = entries;

    public long RemainingCount => _entries.Count - _next;

    public ReceivedEntry Current { get; private set; }

    public ValueTask<bool> MoveNextAsync()
    {
        if (_next >= _entries.Count)
        {
            return ValueTask.FromResult(false);
        }

        Current = new ReceivedEntry(_entries[_next++]);
        return ValueTask.FromResult(true);
    }

    public ValueTask DisposeAsync()
    {
        _next = _entries.Count;
        return ValueTask.CompletedTask;
    }
}
