using System;
using System.Buffers.Binary;
using System.IO;

namespace RaftSdk.Samples.ClusterNode.Storage;

/// <summary>
/// Raft's persistent currentTerm and votedFor (Figure 2, "Persistent state on all servers"), in
/// one small file replaced atomically: written to a temporary file, flushed to disk, renamed over
/// the old one, and the folder flushed (the rename is a change of the folder, which the file's own
/// fsync does not cover). A vote is therefore on disk before the node answers that it granted it,
/// power cut included.
/// </summary>
internal sealed class TermAndVote
{
    private const int Size = 20; // term (8), votedFor (8, 0 = none), CRC-32C of both (4)
    private readonly string _path;
    private readonly IDirectorySync _directorySync;

    private TermAndVote(string path, IDirectorySync directorySync, ulong term, ulong votedFor)
    {
        _path = path;
        _directorySync = directorySync;
        CurrentTerm = term;
        VotedFor = votedFor;
    }

    public ulong CurrentTerm { get; private set; }

    /// <summary>The candidate this node voted for in <see cref="CurrentTerm"/>; 0 when none.</summary>
    public ulong VotedFor { get; private set; }

    public static TermAndVote Open(string directory, IDirectorySync? directorySync = null)
    {
        string path = Path.Combine(directory, "term-and-vote.bin");
        directorySync ??= DirectorySync.Instance;
        if (!File.Exists(path))
        {
            return new TermAndVote(path, directorySync, 0, 0);
        }

        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length != Size || Checksum.Of(bytes.AsSpan(0, 16)) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)))
        {
            // Never written half (rename is atomic): anything else is damage, and guessing a term could make the node vote twice.
            throw new InvalidDataException(
                $"{path} is damaged ({bytes.Length} bytes or a bad checksum), or was written by a node before CRC-32C (FNV-1a); refusing to start without the node's term and vote.");
        }

        return new TermAndVote(path, directorySync, BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8)));
    }

    /// <summary>Stores a new term and vote on disk, then takes them as current.</summary>
    public void Save(ulong term, ulong votedFor)
    {
        if (term == CurrentTerm && votedFor == VotedFor)
        {
            return;
        }

        Span<byte> bytes = stackalloc byte[Size];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, term);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], votedFor);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[16..], Checksum.Of(bytes[..16]));
        string temporary = _path + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, _path, overwrite: true);
            _directorySync.FlushDirectory(Path.GetDirectoryName(_path)!);
        }
        catch (IOException exception)
        {
            StorageFailure.Stop($"saving term {term} and vote {votedFor} to {_path}", exception);
        }

        CurrentTerm = term;
        VotedFor = votedFor;
    }
}
