using System;
using System.Collections.Generic;
using RaftSdk.ChangeAgent;
using RaftSdk.Mapping;

namespace RaftSdk.Testing;

/// <summary>
/// Mutation fuzzing over the changeagent wire format, seeded (the same seed gives the same
/// inputs): mutations of valid messages that keep most of their structure (flipped bits, bytes
/// set to edge values, bytes inserted, removed, repeated, cut off) so the reader goes deep.
/// </summary>
public static class WireFuzz
{
    private static readonly byte[] EdgeBytes = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x08, 0x0A, 0x12, 0x32];

    /// <summary>The request routes of changeagent and how to decode their bodies directly.</summary>
    public static IReadOnlyList<(string Path, Func<byte[], object> Decode)> Routes { get; } =
    [
        ("/raft/requestvote", static b => Decode(b, static (ref ProtoReader r) => VoteRequest.ReadProto(ref r))),
        ("/raft/append", static b => Decode(b, static (ref ProtoReader r) => AppendRequest.ReadProto(ref r))),
        ("/raft/propose", static b => Decode(b, static (ref ProtoReader r) => Entry.ReadProto(ref r))),
        ("/raft/join", static b => Decode(b, static (ref ProtoReader r) => JoinRequest.ReadProto(ref r))),
    ];

    /// <summary>One mutation of <paramref name="seed"/>; 1 to 4 edits.</summary>
    public static byte[] Mutate(ReadOnlySpan<byte> seed, SplitMix64 random)
    {
        var bytes = new List<byte>(seed.ToArray());
        int edits = 1 + (int)(random.Next() % 4);
        for (int i = 0; i < edits; i++)
        {
            int at = bytes.Count == 0 ? 0 : (int)(random.Next() % (ulong)bytes.Count);
            switch (random.Next() % 7)
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << (int)(random.Next() % 8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at] = EdgeBytes[random.Next() % (ulong)EdgeBytes.Length];
                    break;
                case 2:
                    bytes.Insert(at, EdgeBytes[random.Next() % (ulong)EdgeBytes.Length]);
                    break;
                case 3 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + (int)(random.Next() % 8)));
                    break;
                case 4 when bytes.Count > 0:
                    int length = Math.Min(bytes.Count - at, 1 + (int)(random.Next() % 16));
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                case 5 when bytes.Count > 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    // A run of continuation bytes: overlong varints and lengths.
                    for (int k = 0; k < 1 + (int)(random.Next() % 10); k++)
                    {
                        bytes.Insert(at, 0xFF);
                    }

                    break;
            }
        }

        return bytes.ToArray();
    }

    private static object Decode<T>(byte[] body, ProtoRead<T> read)
        where T : notnull
    {
        var reader = new ProtoReader(body, maxFields: 1_000_000);
        return read(ref reader);
    }
}
