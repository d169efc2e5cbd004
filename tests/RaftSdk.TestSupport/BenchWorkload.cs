using System;
using System.Buffers.Binary;
using RaftSdk.ChangeAgent;

namespace RaftSdk.Testing;

/// <summary>
/// The bench workload of the golden vectors: AppendRequest{term 5, leader 0x1234567890abcdef,
/// prevLogIndex 1000, prevLogTerm 4, leaderCommit 999} with K entries (index 1001+i, type 1,
/// term 5, timestamp T0, tags [tenant-a, config], 128 SplitMix64 bytes each, seed 42).
/// </summary>
public static class BenchWorkload
{
    public const long T0 = 1700000000123456789;

    public static AppendRequest Create(int entryCount)
    {
        var random = new SplitMix64(42);
        var entries = new Entry[entryCount];
        for (int i = 0; i < entryCount; i++)
        {
            byte[] data = new byte[128];
            for (int word = 0; word < 16; word++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(word * 8), random.Next());
            }

            entries[i] = new Entry
            {
                Index = 1001 + (ulong)i,
                Type = 1,
                Term = 5,
                Timestamp = new NanoTimestamp(T0),
                Tags = new[] { "tenant-a", "config" },
                Data = data,
            };
        }

        return new AppendRequest
        {
            Term = 5,
            LeaderId = new NodeId(0x1234567890abcdef),
            PrevLogIndex = 1000,
            PrevLogTerm = 4,
            LeaderCommit = 999,
            Entries = entries,
        };
    }
}
