using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft;
using RaftSdk.DotNext.Contract;

namespace RaftSdk.DotNext.Entries;

/// <summary>Turns DotNext's entries into the contract's, taking each payload without a copy when the log can lend its memory.</summary>
internal static class OutgoingEntries
{
    public static async ValueTask<WireLogEntry[]> ToWireAsync<TEntry, TList>(TList entries, CancellationToken token)
        where TEntry : IRaftLogEntry
        where TList : IReadOnlyList<TEntry>
    {
        var wire = new WireLogEntry[entries.Count];
        for (int i = 0; i < wire.Length; i++)
        {
            TEntry entry = entries[i];
            wire[i] = new WireLogEntry(
                entry.Term,
                entry.CommandId.HasValue,
                entry.CommandId.GetValueOrDefault(),
                entry.IsConfiguration,
                await PayloadAsync(entry, token).ConfigureAwait(false));
        }

        return wire;
    }

    /// <summary>The bytes of a transfer object: its own memory when it has one in one piece, else one copy.</summary>
    public static async ValueTask<ReadOnlyMemory<byte>> PayloadAsync<T>(T value, CancellationToken token)
        where T : IDataTransferObject
    {
        if (value.TryGetMemory(out ReadOnlyMemory<byte> memory))
        {
            return memory;
        }

        return await value.ToByteArrayAsync(token: token).ConfigureAwait(false);
    }
}
