using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using RaftSdk.ChangeAgent;
using RaftSdk.Samples.ClusterNode.StateMachine;
using RaftSdk.Samples.ClusterNode.Storage;
using Xunit;

namespace RaftSdk.Cluster.Tests;

/// <summary>What a restarted node finds on disk: its term, its vote and its log, whole records only.</summary>
public sealed class NodeStorageTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "raftsdk-storage-" + Guid.NewGuid().ToString("N"));

    public NodeStorageTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TermAndVote_AreReadBackAfterReopening()
    {
        TermAndVote state = TermAndVote.Open(_directory);
        Assert.Equal((0UL, 0UL), (state.CurrentTerm, state.VotedFor));

        state.Save(7, 3);

        TermAndVote reopened = TermAndVote.Open(_directory);
        Assert.Equal((7UL, 3UL), (reopened.CurrentTerm, reopened.VotedFor));
    }

    [Fact]
    public void TermAndVote_DamagedFile_StopsTheNodeWithTheFileName()
    {
        TermAndVote.Open(_directory).Save(7, 3);
        string path = Path.Combine(_directory, "term-and-vote.bin");
        byte[] bytes = File.ReadAllBytes(path);
        bytes[0] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => TermAndVote.Open(_directory));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TermAndVote_Save_FlushesTheFolderAfterTheRename()
    {
        var folder = new RecordingDirectorySync();
        TermAndVote state = TermAndVote.Open(_directory, folder);

        state.Save(7, 3);
        state.Save(7, 3); // nothing changed: nothing written
        state.Save(8, 0);

        // Each flush of the folder came after the rename: the temporary file gone, the new term in place.
        Assert.Equal(new[] { $"{_directory}: term 7, no temporary file", $"{_directory}: term 8, no temporary file" }, folder.Flushes);
    }

    [Fact]
    public void Log_CreatingTheFile_FlushesTheFolder_OpeningAnExistingOneDoesNot()
    {
        var folder = new RecordingDirectorySync();
        using (LogFile.Open(_directory, folder))
        {
        }

        using (LogFile.Open(_directory, folder))
        {
        }

        Assert.Equal(new[] { $"{_directory}: log.bin of 8 bytes" }, folder.Flushes);
    }

    [Fact]
    public void DirectorySync_FlushesARealFolder_AndNamesAMissingOne()
    {
        DirectorySync.Instance.FlushDirectory(_directory);

        string missing = Path.Combine(_directory, "missing");
        IOException error = Assert.Throws<IOException>(() => DirectorySync.Instance.FlushDirectory(missing));
        Assert.StartsWith($"open of the folder {missing} failed: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(errno 2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checksum_IsCrc32C()
    {
        Assert.Equal(0xE3069283u, Checksum.Of("123456789"u8)); // the check value of CRC-32C (RFC 3720, iSCSI)
        Assert.Equal(0u, Checksum.Of(ReadOnlySpan<byte>.Empty));
        Assert.Equal(0x8A9136AAu, Checksum.Of(new byte[32])); // RFC 3720 B.4: 32 bytes of zeros
    }

    [Fact]
    public void Log_IsReadBackEntryForEntryAfterReopening()
    {
        using (LogFile log = LogFile.Open(_directory))
        {
            for (ulong i = 1; i <= 5; i++)
            {
                log.Append(Command.Write($"k{i}", $"v{i}") with { Index = i, Term = i < 3 ? 1UL : 2UL });
            }

            log.Flush();
        }

        using LogFile reopened = LogFile.Open(_directory);
        Assert.Equal(5UL, reopened.LastIndex);
        Assert.Equal(2UL, reopened.LastTerm);
        Assert.Equal(new ulong[] { 1, 1, 2, 2, 2 }, Enumerable.Range(1, 5).Select(i => reopened.TermAt((ulong)i)));
        Assert.Equal("k4", Command.KeyOf(reopened.Get(4)));
        Assert.Equal("v4", Command.ValueOf(reopened.Get(4)));
    }

    [Fact]
    public void Log_TornLastRecord_IsCutOffAndTheRestKept()
    {
        using (LogFile log = LogFile.Open(_directory))
        {
            log.Append(Command.Write("a", "1") with { Index = 1, Term = 1 });
            log.Append(Command.Write("b", "2") with { Index = 2, Term = 1 });
            log.Flush();
        }

        string path = Path.Combine(_directory, "log.bin");
        long whole = new FileInfo(path).Length;
        using (var file = new FileStream(path, FileMode.Append))
        {
            file.Write(new byte[] { 40, 0, 0, 0, 1, 2, 3 }); // a header promising 40 bytes, then a crash
        }

        using LogFile reopened = LogFile.Open(_directory);
        Assert.Equal(2UL, reopened.LastIndex);
        Assert.Equal(whole, new FileInfo(path).Length);
    }

    [Fact]
    public void Log_LastRecordWithABadChecksum_IsCutOff_AsATornWrite()
    {
        string path = Path.Combine(_directory, "log.bin");
        long firstEnds = WriteRecords("1", "last-value")[1];

        byte[] bytes = File.ReadAllBytes(path);
        bytes[IndexOf(bytes, Encoding.UTF8.GetBytes("last-value"))] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        using LogFile reopened = LogFile.Open(_directory);
        Assert.Equal(1UL, reopened.LastIndex);
        Assert.Equal(bytes.Length - firstEnds, reopened.TornBytesCut);
        Assert.Equal(firstEnds, new FileInfo(path).Length);
    }

    [Fact]
    public void Log_ZerosAfterTheLastRecord_AreCutOff_ButADamagedHeaderBeforeOtherRecordsStopsTheNode()
    {
        string path = Path.Combine(_directory, "log.bin");
        WriteRecords("1");
        long firstEnds = new FileInfo(path).Length;

        using (var file = new FileStream(path, FileMode.Append))
        {
            file.Write(new byte[100]); // the file grew, its data never reached the disk
        }

        using (LogFile reopened = LogFile.Open(_directory))
        {
            Assert.Equal((1UL, 100L), (reopened.LastIndex, reopened.TornBytesCut));
            reopened.Append(Command.Write("b", "2") with { Index = 2, Term = 1 });
            reopened.Append(Command.Write("c", "3") with { Index = 3, Term = 1 });
            reopened.Flush();
        }

        byte[] bytes = File.ReadAllBytes(path);
        bytes[firstEnds] ^= 0x40; // the length of entry 2's record
        File.WriteAllBytes(path, bytes);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => LogFile.Open(_directory));
        Assert.StartsWith($"{path}: the record at offset {firstEnds} (entry 2) is damaged: its header's checksum does not match;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_OfTheOldFormat_IsRefusedWithAMessage()
    {
        string path = Path.Combine(_directory, "log.bin");
        File.WriteAllBytes(path, new byte[] { 5, 0, 0, 0, 1, 2, 3, 4, 8, 1, 16, 1, 24 }); // version 1: [length][FNV-1a][EntryPb]

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => LogFile.Open(_directory));
        Assert.Equal(
            $"{path} does not start with the header of a version-2 log ('RSDKLOG' and 2): it was written by an older node " +
            "(FNV-1a checksums, no header; the sample does not convert those) or is not a log. Refusing to start; start the cluster with empty data folders.",
            error.Message);
        Assert.Equal(13, new FileInfo(path).Length);
    }

    [Fact]
    public void Log_DamagedMiddleRecord_StopsTheNodeNamingFileOffsetAndIndex_AndCutsNothing()
    {
        string path = Path.Combine(_directory, "log.bin");
        long secondRecordAt = WriteRecords("first", "second-value", "third")[1];

        byte[] bytes = File.ReadAllBytes(path);
        int inSecondValue = IndexOf(bytes, Encoding.UTF8.GetBytes("second-value"));
        bytes[inSecondValue] ^= 0x01; // one flipped bit in an acknowledged entry with another after it
        File.WriteAllBytes(path, bytes);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => LogFile.Open(_directory));
        Assert.StartsWith($"{path}: the record at offset {secondRecordAt} (entry 2) is damaged: its checksum does not match;", error.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void Log_TruncateFrom_DeletesTheSuffixOnDisk_AndAppendsContinueAfterIt()
    {
        using (LogFile log = LogFile.Open(_directory))
        {
            for (ulong i = 1; i <= 4; i++)
            {
                log.Append(Command.Write($"k{i}", "old") with { Index = i, Term = 1 });
            }

            log.Flush();
            log.TruncateFrom(3);
            log.Append(Command.Write("k3", "new") with { Index = 3, Term = 2 });
            log.Flush();
            Assert.Throws<InvalidOperationException>(() => log.Append(Command.NoOp() with { Index = 9, Term = 2 }));
        }

        using LogFile reopened = LogFile.Open(_directory);
        Assert.Equal(3UL, reopened.LastIndex);
        Assert.Equal(2UL, reopened.TermAt(3));
        Assert.Equal("new", Encoding.UTF8.GetString(reopened.Get(3).Data.Span));
    }

    /// <summary>Writes one entry of term 1 per value (keys k1, k2...), each flushed; returns where each record starts in the file.</summary>
    private long[] WriteRecords(params string[] values)
    {
        string path = Path.Combine(_directory, "log.bin");
        var starts = new long[values.Length];
        using LogFile log = LogFile.Open(_directory);
        for (int i = 0; i < values.Length; i++)
        {
            log.Flush();
            starts[i] = new FileInfo(path).Length;
            log.Append(Command.Write($"k{i + 1}", values[i]) with { Index = (ulong)i + 1, Term = 1 });
        }

        log.Flush();
        return starts;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        int at = haystack.AsSpan().IndexOf(needle);
        Assert.True(at >= 0, "the marker is in the file");
        return at;
    }

    /// <summary>Each folder flush, with what the folder held at that moment.</summary>
    private sealed class RecordingDirectorySync : IDirectorySync
    {
        public List<string> Flushes { get; } = new();

        public void FlushDirectory(string directory)
        {
            string termAndVote = Path.Combine(directory, "term-and-vote.bin");
            string log = Path.Combine(directory, "log.bin");
            if (File.Exists(termAndVote))
            {
                ulong term = BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(termAndVote));
                Flushes.Add($"{directory}: term {term}, {(File.Exists(termAndVote + ".tmp") ? "a temporary file left" : "no temporary file")}");
            }
            else
            {
                Flushes.Add($"{directory}: log.bin of {(File.Exists(log) ? new FileInfo(log).Length : -1)} bytes");
            }
        }
    }
}
