using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace RaftSdk.Samples.Cluster.Scenario;

/// <summary>
/// The benchmark's table (Markdown, as docs/cluster.md quotes it): one row per contender and client
/// count, each cell the rounds' values in order ("r1 / r2"), so that a reader sees the spread as
/// well as the level. CPU per write is the nodes' CPU time over the phase's writes: the figure a
/// shared machine disturbs least; so are the DotNext leader's phases (its write from ReplicateAsync to
/// applied, DotNext's replication round and one AppendEntries call, see the node's <c>GET /phases</c>), per write and per
/// round rather than per second ("n/a" for the changeagent node). Then, per client count, DotNext over RaftSdk against DotNext's HTTP transport,
/// round by round (a ratio from runs close in time is what a shared machine can give).
/// </summary>
public static class BenchmarkTable
{
    public const string RaftSdkName = "DotNext over RaftSdk";
    public const string HttpName = "DotNext over DotNext HTTP";

    public static IReadOnlyList<string> Format(IReadOnlyList<BenchmarkSample> samples)
    {
        var lines = new List<string>
        {
            "| engine / transport | clients | writes/s | p50 (ms) | p99 (ms) | nodes' CPU per write (ms) | leader's replicate-to-applied p50 (ms) | replication round p50 (ms) | AppendEntries call p50 (ms) | new leader after SIGKILL (ms) | load average at start |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        };
        foreach (IGrouping<(int Clients, string Contender), BenchmarkSample> row in samples
            .GroupBy(s => (s.Clients, s.Contender))
            .OrderBy(g => g.Key.Clients))
        {
            BenchmarkSample[] rounds = row.OrderBy(s => s.Round).ToArray();
            lines.Add($"| {row.Key.Contender} | {row.Key.Clients} | "
                + $"{Cells(rounds, s => s.Writes!.WritesPerSecond, "0")} | "
                + $"{Cells(rounds, s => s.Writes!.Percentile(50).TotalMilliseconds, "0.0")} | "
                + $"{Cells(rounds, s => s.Writes!.Percentile(99).TotalMilliseconds, "0.0")} | "
                + $"{Cells(rounds, s => s.Writes!.CpuPerWriteMs, "0.0")} | "
                + $"{Cells(rounds, s => s.Writes!.LeaderPhases?.Replicate.P50, "0.0")} | "
                + $"{Cells(rounds, s => s.Writes!.LeaderPhases?.Round.P50, "0.0")} | "
                + $"{Cells(rounds, s => s.Writes!.LeaderPhases?.Append.P50, "0.0")} | "
                + $"{Cells(rounds, s => s.NewLeader.TotalMilliseconds, "0")} | "
                + $"{string.Join(" / ", rounds.Select(s => s.Load))} |");
        }

        lines.Add(string.Empty);
        foreach (int clients in samples.Select(s => s.Clients).Distinct().Order())
        {
            (BenchmarkSample RaftSdk, BenchmarkSample Http)[] pairs = samples.Where(s => s.Clients == clients && s.Contender == RaftSdkName)
                .Join(samples.Where(s => s.Clients == clients && s.Contender == HttpName), s => s.Round, s => s.Round, (r, h) => (r, h))
                .OrderBy(p => p.r.Round)
                .ToArray();
            lines.Add($"{RaftSdkName} / {HttpName}, {clients} client(s), round by round: "
                + $"writes/s {string.Join(", ", pairs.Select(p => Ratio(p.RaftSdk, p.Http, s => s.WritesPerSecond)))}; "
                + $"CPU per write {string.Join(", ", pairs.Select(p => Ratio(p.RaftSdk, p.Http, s => s.CpuPerWriteMs)))}");
        }

        return lines;
    }

    private static string Cells(BenchmarkSample[] rounds, Func<BenchmarkSample, double?> value, string format) =>
        string.Join(" / ", rounds.Select(s => !s.Passed ? "failed" : value(s) is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a"));

    private static string Ratio(BenchmarkSample raftSdk, BenchmarkSample http, Func<PhaseResult, double> value) =>
        raftSdk.Passed && http.Passed && value(http.Writes!) > 0
            ? (value(raftSdk.Writes!) / value(http.Writes!)).ToString("0.00", CultureInfo.InvariantCulture)
            : "n/a";
}
