using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using RaftSdk.ChangeAgent.Tests.Vectors;
using RaftSdk.Mapping;
using RaftSdk.Testing;

namespace RaftSdk.Benchmarks.Soak;

/// <summary>
/// <c>fuzz</c>: the test command's seeded mutation loop over the golden vectors, for as long as
/// asked: every direct reader must throw nothing but ProtoReadException. Prints the seed and the
/// input of any other exception (hex), so it can be replayed.
/// </summary>
internal static class FuzzCommand
{
    public static int Run(CommandLine args)
    {
        double seconds = args.Double("seconds", 60);
        ulong seed = (ulong)args.Int("seed", 1);
        string? vectors = args.Has("vectors") ? args.Text("vectors", string.Empty) : null;
        args.EnsureAllRead();

        List<(string Path, byte[] Bytes)> seeds = vectors is null ? BuiltInSeeds() : SeedsFrom(vectors);

        var random = new SplitMix64(seed);
        var clock = Stopwatch.StartNew();
        long inputs = 0, decoded = 0, rejected = 0, escaped = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            (string path, byte[] bytes) = seeds[(int)(random.Next() % (ulong)seeds.Count)];
            byte[] mutated = WireFuzz.Mutate(bytes, random);
            inputs++;
            try
            {
                WireFuzz.Routes.Single(r => r.Path == path).Decode(mutated);
                decoded++;
            }
            catch (ProtoReadException)
            {
                rejected++;
            }
#pragma warning disable CA1031 // anything else escaping is the finding this command exists for
            catch (Exception e)
#pragma warning restore CA1031
            {
                escaped++;
                Console.WriteLine($"ESCAPED {e.GetType().Name} on {path}: {e.Message}\n  input {Hex.Encode(mutated)}");
            }
        }

        Console.WriteLine($"fuzz: seed {seed}, {seconds:F0} s over {seeds.Count} golden vectors: {inputs:N0} inputs, {decoded:N0} decoded, {rejected:N0} rejected with ProtoReadException, {escaped:N0} other exceptions");
        return escaped == 0 ? 0 : 1;
    }

    // The Go original's bytes as the tests keep them (tests/RaftSdk.ChangeAgent.Tests/Vectors), so a
    // clone without the shared wire-vectors folder fuzzes the same seeds the test command does.
    private static List<(string Path, byte[] Bytes)> BuiltInSeeds() =>
    [
        ("/raft/requestvote", Hex.Decode(GoldenVectors.VoteRequestBasic)),
        ("/raft/append", Hex.Decode(GoldenVectors.AppendRequestBenchK0)),
        ("/raft/append", Hex.Decode(GoldenVectors.AppendRequestBenchK1)),
        ("/raft/append", Hex.Decode(GoldenVectors.AppendRequestBenchK2)),
        ("/raft/propose", Hex.Decode(GoldenVectors.EntryPropose)),
        ("/raft/propose", Hex.Decode(GoldenVectors.EntryEmpty)),
        ("/raft/join", Hex.Decode(GoldenVectors.JoinRequestLast)),
    ];

    private static List<(string Path, byte[] Bytes)> SeedsFrom(string vectors)
    {
        if (!System.IO.Directory.Exists(vectors))
        {
            throw new UsageException($"--vectors: the folder '{vectors}' does not exist.");
        }

        var seeds = new List<(string Path, byte[] Bytes)>();
        foreach ((string prefix, string path) in new[] { ("VoteRequestPb", "/raft/requestvote"), ("AppendRequestPb", "/raft/append"), ("EntryPb", "/raft/propose"), ("JoinRequestPb", "/raft/join") })
        {
            foreach (string file in System.IO.Directory.GetFiles(vectors, prefix + "-*.bin"))
            {
                seeds.Add((path, System.IO.File.ReadAllBytes(file)));
            }
        }

        if (seeds.Count == 0)
        {
            throw new UsageException($"No golden vectors (*.bin) in '{vectors}'.");
        }

        return seeds;
    }
}
