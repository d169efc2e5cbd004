using System;
using DotNext.Net.Cluster;
using RaftSdk.DotNext.Contract;

namespace RaftSdk.DotNext.Entries;

/// <summary>
/// The pieces of one incoming snapshot, kept in one buffer of the announced length until the
/// last piece. A piece out of order, from another sender or for another snapshot starts over
/// (offset 0) or is refused with the offset expected, so a lost or repeated piece never mixes
/// two snapshots.
/// </summary>
internal sealed class SnapshotAssembly
{
    private readonly long _maxSize;
    private ClusterMemberId _sender;
    private long _index;
    private long _term;
    private byte[] _buffer = [];
    private long _received;

    public SnapshotAssembly(long maxSize) => _maxSize = maxSize;

    public ReadOnlyMemory<byte> Configuration { get; private set; }

    public long ConfigurationVersion { get; private set; }

    /// <summary>Takes a piece; returns the offset expected next, or -1 when the snapshot is whole.</summary>
    public long Add(in ClusterMemberId sender, SnapshotChunk chunk)
    {
        if (chunk.Offset == 0)
        {
            if (chunk.TotalLength < 0 || chunk.TotalLength > _maxSize)
            {
                throw new InvalidOperationException(
                    $"A snapshot of {chunk.TotalLength} bytes was offered; this member accepts at most {_maxSize} (MaxSnapshotSize).");
            }

            _sender = sender;
            _index = chunk.SnapshotIndex;
            _term = chunk.SnapshotTerm;
            _buffer = new byte[chunk.TotalLength];
            _received = 0;
            Configuration = chunk.Configuration.ToArray(); // the request buffer is gone after this call
            ConfigurationVersion = chunk.ConfigurationVersion;
        }
        else if (sender != _sender || chunk.SnapshotIndex != _index || chunk.SnapshotTerm != _term || chunk.Offset != _received)
        {
            return _received == 0 || sender != _sender || chunk.SnapshotIndex != _index ? 0 : _received;
        }

        if (chunk.Offset + chunk.Data.Length > _buffer.Length)
        {
            throw new InvalidOperationException(
                $"A snapshot piece at offset {chunk.Offset} of {chunk.Data.Length} bytes runs past the announced length {_buffer.Length}.");
        }

        chunk.Data.Span.CopyTo(_buffer.AsSpan(checked((int)chunk.Offset)));
        _received += chunk.Data.Length;
        if (!chunk.Last)
        {
            return _received;
        }

        if (_received != _buffer.Length)
        {
            string message = $"The last snapshot piece left the snapshot at {_received} of {_buffer.Length} announced bytes.";
            Reset();
            throw new InvalidOperationException(message);
        }

        return -1;
    }

    /// <summary>The whole snapshot as an entry of its term; valid until the next <see cref="Add"/>.</summary>
    public ReceivedEntry Snapshot() => new(new WireLogEntry(_term, HasCommandId: false, CommandId: 0, IsConfiguration: false, _buffer), isSnapshot: true);

    public long Index => _index;

    public void Reset()
    {
        _buffer = [];
        _received = 0;
        Configuration = ReadOnlyMemory<byte>.Empty;
    }
}
