using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using Google.Protobuf;
using RaftSdk.ChangeAgent;
using RaftSdk.ChangeAgent.Protobufs;

namespace RaftSdk.Samples.ClusterNode.Storage;

/// <summary>
/// Raft's persistent log[] (Figure 2): an append-only file of records <c>[length][checksum][EntryPb]</c>
/// (the entry in its changeagent wire form), mirrored in memory. The only rewrite is cutting off a
/// conflicting suffix, which Raft requires. Callers flush to disk before they acknowledge.
/// </summary>
internal sealed class LogFile : IDisposable
{
    private const int HeaderSize = 8;
    private readonly FileStream _file;
    private readonly List<Entry> _entries = new();
    private readonly List<long> _offsets = new(); // where each entry's record starts
    private long _end; // the file's length with what is buffered; the stream's position stays here

    private LogFile(FileStream file)
    {
        _file = file;
    }

    /// <summary>Index of the last entry; 0 when the log is empty (Raft indexes from 1).</summary>
    public ulong LastIndex => (ulong)_entries.Count;

    public ulong LastTerm => TermAt(LastIndex);

    /// <summary>Opens (or creates) the log and reads every whole record; a torn last record, never acknowledged, is cut off.</summary>
    public static LogFile Open(string directory)
    {
        var file = new FileStream(Path.Combine(directory, "log.bin"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var log = new LogFile(file);
        try
        {
            log.Load();
            return log;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The term of the entry at <paramref name="index"/>; 0 for index 0 (before the first entry).</summary>
    public ulong TermAt(ulong index) => index == 0 ? 0 : _entries[(int)index - 1].Term;

    public bool Contains(ulong index) => index >= 1 && index <= LastIndex;

    public Entry Get(ulong index) => _entries[(int)index - 1];

    /// <summary>Up to <paramref name="maxCount"/> entries from <paramref name="from"/> on (none when past the end).</summary>
    public IReadOnlyList<Entry> Slice(ulong from, int maxCount)
    {
        if (from < 1 || from > LastIndex)
        {
            return Array.Empty<Entry>();
        }

        int start = (int)from - 1;
        return _entries.GetRange(start, Math.Min(maxCount, _entries.Count - start));
    }

    /// <summary>Appends an entry whose index must be <see cref="LastIndex"/> + 1. Not on disk until <see cref="Flush"/>.</summary>
    public void Append(Entry entry)
    {
        if (entry.Index != LastIndex + 1)
        {
            throw new InvalidOperationException($"Entry {entry.Index} appended after {LastIndex}: the log must stay contiguous.");
        }

        byte[] payload = entry.ToProto().ToByteArray();
        byte[] record = new byte[HeaderSize + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(record, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), Checksum.Of(payload));
        payload.CopyTo(record, HeaderSize);
        try
        {
            _file.Write(record);
        }
        catch (IOException exception)
        {
            StorageFailure.Stop($"appending entry {entry.Index} to {_file.Name}", exception);
        }

        _offsets.Add(_end);
        _end += record.Length;
        _entries.Add(entry);
    }

    /// <summary>Deletes the entry at <paramref name="index"/> and all that follow it (Figure 2, AppendEntries step 3), on disk at once.</summary>
    public void TruncateFrom(ulong index)
    {
        if (!Contains(index))
        {
            return;
        }

        int keep = (int)index - 1;
        _end = _offsets[keep];
        try
        {
            _file.SetLength(_end);
            _file.Position = _end;
            _file.Flush(flushToDisk: true);
        }
        catch (IOException exception)
        {
            StorageFailure.Stop($"deleting entries from {index} on in {_file.Name}", exception);
        }

        _entries.RemoveRange(keep, _entries.Count - keep);
        _offsets.RemoveRange(keep, _offsets.Count - keep);
    }

    /// <summary>Forces everything appended to disk (fsync).</summary>
    public void Flush()
    {
        try
        {
            _file.Flush(flushToDisk: true);
        }
        catch (IOException exception)
        {
            StorageFailure.Stop($"flushing {_file.Name} to disk", exception);
        }
    }

    public void Dispose() => _file.Dispose();

    private void Load()
    {
        byte[] header = new byte[HeaderSize];
        long offset = 0;
        while (true)
        {
            _file.Position = offset;
            if (_file.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false) < HeaderSize)
            {
                break;
            }

            int length = BinaryPrimitives.ReadInt32LittleEndian(header);
            if (length < 0 || offset + HeaderSize + length > _file.Length)
            {
                break;
            }

            byte[] payload = new byte[length];
            _file.ReadExactly(payload);
            if (Checksum.Of(payload) != BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)))
            {
                break;
            }

            Entry entry = Entry.FromProto(EntryPb.Parser.ParseFrom(payload));
            if (entry.Index != LastIndex + 1)
            {
                throw new InvalidDataException($"{_file.Name}: entry {entry.Index} follows {LastIndex}; the log is damaged.");
            }

            _offsets.Add(offset);
            _entries.Add(entry);
            offset += HeaderSize + length;
        }

        if (offset < _file.Length)
        {
            // A record cut short by a crash: it was never flushed whole, so never acknowledged.
            _file.SetLength(offset);
            _file.Flush(flushToDisk: true);
        }

        _end = offset;
        _file.Position = offset;
    }
}
