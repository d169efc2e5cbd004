using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using Google.Protobuf;
using RaftSdk.ChangeAgent;
using RaftSdk.ChangeAgent.Protobufs;

namespace RaftSdk.Samples.ClusterNode.Storage;

/// <summary>
/// Raft's persistent log[] (Figure 2): an append-only file, mirrored in memory. It starts with an
/// 8-byte header, <c>RSDKLOG</c> and the format version (2), then holds one record per entry:
/// <c>[length][CRC-32C of the entry][CRC-32C of these 8 bytes][EntryPb]</c> (the entry in its
/// changeagent wire form; little-endian). The header's own checksum tells a record whose length
/// is damaged from one cut short. The only rewrite is cutting off a conflicting suffix, which Raft
/// requires. Callers flush to disk before they acknowledge.
/// </summary>
/// <remarks>
/// At start, only a torn last record (a crash in the middle of an append, never flushed whole, so
/// never acknowledged) is cut off. A damaged record with anything after it is not a crash: the node
/// refuses to start, naming the file, offset and entry, instead of dropping acknowledged entries.
/// Files of version 1 (FNV-1a checksums, no header) are refused too: the sample does not convert them.
/// </remarks>
internal sealed class LogFile : IDisposable
{
    private const int RecordHeaderSize = 12;
    private const string FileName = "log.bin";

    private readonly FileStream _file;
    private readonly List<Entry> _entries = new();
    private readonly List<long> _offsets = new(); // where each entry's record starts
    private long _end; // the file's length with what is buffered; the stream's position stays here

    private LogFile(FileStream file)
    {
        _file = file;
    }

    /// <summary>"RSDKLOG" and the format version.</summary>
    internal static ReadOnlySpan<byte> FileHeader => [0x52, 0x53, 0x44, 0x4B, 0x4C, 0x4F, 0x47, 0x02];

    /// <summary>Index of the last entry; 0 when the log is empty (Raft indexes from 1).</summary>
    public ulong LastIndex => (ulong)_entries.Count;

    public ulong LastTerm => TermAt(LastIndex);

    /// <summary>Bytes of a torn last record cut off when the log was opened (0 when none), for the node's log.</summary>
    public long TornBytesCut { get; private set; }

    /// <summary>
    /// Opens (or creates, its folder flushed so that the new name survives a power cut) the log and
    /// reads every record; see the remarks for what is cut and what is refused.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is damaged before its last record, or of another format.</exception>
    public static LogFile Open(string directory, IDirectorySync? directorySync = null)
    {
        string path = Path.Combine(directory, FileName);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var log = new LogFile(file);
        try
        {
            if (log.StartFile())
            {
                (directorySync ?? DirectorySync.Instance).FlushDirectory(directory);
            }

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
        byte[] record = new byte[RecordHeaderSize + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(record, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), Checksum.Of(payload));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), Checksum.Of(record.AsSpan(0, 8)));
        payload.CopyTo(record, RecordHeaderSize);
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

    /// <summary>Writes the file header into a new (or empty: created just before a crash) file; true when it did.</summary>
    private bool StartFile()
    {
        long length = _file.Length;
        byte[] present = new byte[Math.Min(length, FileHeader.Length)];
        _file.ReadExactly(present);
        if (length >= FileHeader.Length || !FileHeader.StartsWith(present))
        {
            return false;
        }

        // Empty, or a header cut short by a crash at creation: no entry was ever written.
        _file.SetLength(0);
        _file.Write(FileHeader);
        Flush();
        return true;
    }

    private void Load()
    {
        long length = _file.Length;
        byte[] fileHeader = new byte[Math.Min(length, FileHeader.Length)];
        _file.Position = 0;
        _file.ReadExactly(fileHeader);
        if (!FileHeader.SequenceEqual(fileHeader))
        {
            throw new InvalidDataException(
                $"{_file.Name} does not start with the header of a version-2 log ('RSDKLOG' and 2): it was written by an older node " +
                "(FNV-1a checksums, no header; the sample does not convert those) or is not a log. Refusing to start; start the cluster with empty data folders.");
        }

        byte[] header = new byte[RecordHeaderSize];
        long offset = FileHeader.Length;
        while (offset < length)
        {
            ulong index = LastIndex + 1;
            if (length - offset < RecordHeaderSize)
            {
                break; // a header cut short: torn
            }

            _file.Position = offset;
            _file.ReadExactly(header);
            if (Checksum.Of(header.AsSpan(0, 8)) != BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8)))
            {
                if (length - offset == RecordHeaderSize || IsZeroFrom(offset))
                {
                    break; // the last write stopped inside the header, or the file grew but its data never reached the disk: torn
                }

                throw Damaged(offset, index, "its header's checksum does not match");
            }

            int size = BinaryPrimitives.ReadInt32LittleEndian(header);
            long next = offset + RecordHeaderSize + size;
            if (size < 0 || next > length)
            {
                // The header is whole and says so: the entry after it was being written when the node stopped.
                break;
            }

            byte[] payload = new byte[size];
            _file.ReadExactly(payload);
            if (Checksum.Of(payload) != BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)))
            {
                if (next == length)
                {
                    break; // the last record, partly written: torn
                }

                throw Damaged(offset, index, "its checksum does not match");
            }

            Entry entry;
            try
            {
                entry = Entry.FromProto(EntryPb.Parser.ParseFrom(payload));
            }
            catch (InvalidProtocolBufferException exception)
            {
                throw Damaged(offset, index, $"its checksum matches but it is not an entry ({exception.Message})");
            }

            if (entry.Index != index)
            {
                throw Damaged(offset, index, $"it holds entry {entry.Index}");
            }

            _offsets.Add(offset);
            _entries.Add(entry);
            offset = next;
        }

        if (offset < length)
        {
            // A record cut short by a crash: it was never flushed whole, so never acknowledged.
            TornBytesCut = length - offset;
            _file.SetLength(offset);
            _file.Flush(flushToDisk: true);
        }

        _end = offset;
        _file.Position = offset;
    }

    private bool IsZeroFrom(long offset)
    {
        _file.Position = offset;
        byte[] buffer = new byte[4096];
        int read;
        while ((read = _file.Read(buffer)) > 0)
        {
            if (buffer.AsSpan(0, read).ContainsAnyExcept((byte)0))
            {
                return false;
            }
        }

        return true;
    }

    private InvalidDataException Damaged(long offset, ulong index, string why) => new(
        $"{_file.Name}: the record at offset {offset} (entry {index}) is damaged: {why}; {_file.Length - offset} bytes from there to the end of the file. " +
        "A crash can only tear the last record, so entries after it may have been acknowledged: refusing to start rather than cut them off. " +
        "The sample has no repair: restore this node's data folder from a copy.");
}
