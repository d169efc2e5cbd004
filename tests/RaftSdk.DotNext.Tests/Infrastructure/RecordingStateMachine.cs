using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace RaftSdk.DotNext.Tests.Infrastructure;

/// <summary>
/// Applies each non-empty entry as a UTF-8 string, in order; asks DotNext for a snapshot every
/// <c>snapshotEvery</c> values (which lets the write-ahead log drop what the snapshot covers) and
/// counts restores, which is how a member shows it was brought back by a snapshot; the SHA-256 of
/// the last snapshot file restored shows what arrived, byte for byte.
/// </summary>
internal sealed class RecordingStateMachine : SimpleStateMachine
{
    private readonly int _snapshotEvery;
    private ImmutableList<string> _values = ImmutableList<string>.Empty;
    private int _restores;
    private string? _restoredSha256;

    public RecordingStateMachine(DirectoryInfo location, int snapshotEvery)
        : base(location) => _snapshotEvery = snapshotEvery;

    public IReadOnlyList<string> Values => Volatile.Read(ref _values);

    public int Restores => Volatile.Read(ref _restores);

    /// <summary>The SHA-256 (hex) of the last snapshot file restored, or null before any.</summary>
    public string? RestoredSha256 => Volatile.Read(ref _restoredSha256);

    /// <summary>The SHA-256 (hex) of a file, as <see cref="RestoredSha256"/> gives it.</summary>
    public static string Sha256Of(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    protected override ValueTask<bool> ApplyAsync(LogEntry entry, CancellationToken token)
    {
        if (entry.IsConfiguration || entry.Length is null or 0)
        {
            return ValueTask.FromResult(false);
        }

        var text = new StringBuilder();
        foreach (ReadOnlyMemory<byte> segment in entry.GetPayload())
        {
            text.Append(Encoding.UTF8.GetString(segment.Span));
        }

        ImmutableList<string> values = _values.Add(text.ToString()); // DotNext applies one entry at a time
        Volatile.Write(ref _values, values);
        return ValueTask.FromResult(values.Count % _snapshotEvery == 0);
    }

    protected override ValueTask PersistAsync(IAsyncBinaryWriter writer, CancellationToken token) =>
        writer.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(Values), lengthFormat: null, token);

    protected override async ValueTask RestoreAsync(FileInfo snapshotFile, CancellationToken token)
    {
        byte[] bytes = await File.ReadAllBytesAsync(snapshotFile.FullName, token);
        Volatile.Write(ref _values, ImmutableList.CreateRange(JsonSerializer.Deserialize<string[]>(bytes) ?? []));
        Volatile.Write(ref _restoredSha256, Sha256Of(bytes));
        Interlocked.Increment(ref _restores);
    }
}
