using System;
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
}
