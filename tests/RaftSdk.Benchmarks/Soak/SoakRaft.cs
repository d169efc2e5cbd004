using System;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent;
using RaftSdk.Testing;

namespace RaftSdk.Benchmarks.Soak;

/// <summary>
/// The soak's receiving Raft: checks every entry of the soak leader field by field against what
/// the sender derived from its index, counts receipts per index (lost and duplicated entries
/// come from these counts), and misbehaves on purpose: a share of calls is slow, a share throws.
/// Appends from anyone else (the mutated bodies) are answered and otherwise ignored.
/// </summary>
internal sealed class SoakRaft : IRaft
{
    public const ulong LeaderId = 1;

    private readonly int[] _received;
    private readonly double _throwShare;
    private readonly double _slowShare;
    private long _calls;
    private long _corrupt;

    public SoakRaft(int capacity, double throwShare, double slowShare)
    {
        _received = new int[capacity];
        _throwShare = throwShare;
        _slowShare = slowShare;
    }

    public long Corrupt => Interlocked.Read(ref _corrupt);

    public int ReceivedCount(ulong index) => Volatile.Read(ref _received[index]);

    public NodeId MyId() => new(2);

    public Task<VoteResponse> RequestVoteAsync(VoteRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new VoteResponse { NodeId = new NodeId(2), Term = request.Term });

    public async Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        if (request.LeaderId.Value != LeaderId)
        {
            return new AppendResponse { Term = request.Term };
        }

        // Decide before counting: a throw means the leader must resend, and a resent entry counted twice would be a false duplicate.
        double roll = Fraction(Interlocked.Increment(ref _calls));
        if (roll < _throwShare)
        {
            throw new InvalidOperationException("soak: the Raft failed this append on purpose");
        }

        if (roll < _throwShare + _slowShare)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50 + (roll * 1000 % 250)), cancellationToken).ConfigureAwait(false);
        }

        foreach (Entry entry in request.Entries)
        {
            if (!SoakEntries.Matches(entry))
            {
                Interlocked.Increment(ref _corrupt);
            }

            if (entry.Index < (ulong)_received.Length)
            {
                Interlocked.Increment(ref _received[entry.Index]);
            }
        }

        return new AppendResponse { Term = request.Term, Success = true };
    }

    public Task<ProposalResponse> ProposeAsync(Entry entry, CancellationToken cancellationToken) =>
        Task.FromResult(new ProposalResponse { NewIndex = entry.Index });

    public Task<ProposalResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ProposalResponse());

    private static double Fraction(long call)
    {
        var random = new SplitMix64((ulong)call * 0x9E3779B97F4A7C15UL);
        return (random.Next() >> 11) * (1.0 / (1UL << 53));
    }
}

/// <summary>What an entry of the soak holds, derived from its index alone, so the receiver can check it.</summary>
internal static class SoakEntries
{
    public static Entry For(ulong index)
    {
        var random = new SplitMix64(index);
        byte[] data = new byte[(int)(random.Next() % 512)];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)random.Next();
        }

        string[] tags = (random.Next() % 3) switch
        {
            0 => Array.Empty<string>(),
            1 => ["t" + (index % 7)],
            _ => ["t" + (index % 7), "ü" + (index % 5)],
        };
        return new Entry
        {
            Index = index,
            Type = (int)(random.Next() % 5) - 2,
            Term = random.Next() % 4,
            Timestamp = new NanoTimestamp((long)(random.Next() >> 1)),
            Tags = tags,
            Data = data,
        };
    }

    public static bool Matches(Entry received)
    {
        Entry expected = For(received.Index);
        if (received.Type != expected.Type || received.Term != expected.Term || received.Timestamp != expected.Timestamp
            || !received.Data.Span.SequenceEqual(expected.Data.Span) || received.Tags.Count != expected.Tags.Count)
        {
            return false;
        }

        for (int i = 0; i < expected.Tags.Count; i++)
        {
            if (!string.Equals(received.Tags[i], expected.Tags[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
