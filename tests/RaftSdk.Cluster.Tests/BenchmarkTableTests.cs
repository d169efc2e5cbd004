using System;
using System.Linq;
using RaftSdk.Samples.Cluster.Scenario;
using Xunit;

namespace RaftSdk.Cluster.Tests;

/// <summary>The launcher's --bench table: a row per contender and client count, the rounds side by side, the RaftSdk/HTTP ratio per round.</summary>
public class BenchmarkTableTests
{
    [Fact]
    public void Table_ShowsEveryRoundInOrder_AndTheRatioOfRaftSdkToDotNextHttp_RoundByRound()
    {
        BenchmarkSample[] samples =
        [
            Sample(BenchmarkTable.HttpName, clients: 1, round: 2, writes: 100, seconds: 4, cpuSeconds: 0.8, newLeaderMs: 700, load: "21.50", Phases(6.25, 2.5, 1.1)),
            Sample(BenchmarkTable.RaftSdkName, clients: 1, round: 1, writes: 100, seconds: 2, cpuSeconds: 0.9, newLeaderMs: 450, load: "20.00", Phases(5, 2, 1)),
            Sample(BenchmarkTable.HttpName, clients: 1, round: 1, writes: 100, seconds: 2.5, cpuSeconds: 1.2, newLeaderMs: 600, load: "20.10", Phases(7.04, 3.06, 1.36)),
            Sample(BenchmarkTable.RaftSdkName, clients: 1, round: 2, writes: 100, seconds: 5, cpuSeconds: 1, newLeaderMs: 500, load: "22.00", Phases(8, 4, 1.8)),
            Sample("changeagent", clients: 1, round: 1, writes: 100, seconds: 4, cpuSeconds: 1, newLeaderMs: 400, load: "19.00", phases: null),
            Sample(BenchmarkTable.RaftSdkName, clients: 16, round: 1, writes: 100, seconds: 1, cpuSeconds: 0.25, newLeaderMs: 800, load: "23.00", Phases(30, 11, 5.5)),
            Failed(BenchmarkTable.HttpName, clients: 16, round: 1, load: "24.00"),
        ];

        Assert.Equal(
            [
                "| engine / transport | clients | writes/s | p50 (ms) | p99 (ms) | nodes' CPU per write (ms) | leader's replicate-to-applied p50 (ms) | replication round p50 (ms) | AppendEntries call p50 (ms) | new leader after SIGKILL (ms) | load average at start |",
                "|---|---|---|---|---|---|---|---|---|---|---|",
                "| DotNext over DotNext HTTP | 1 | 40 / 25 | 50.0 / 50.0 | 99.0 / 99.0 | 12.0 / 8.0 | 7.0 / 6.3 | 3.1 / 2.5 | 1.4 / 1.1 | 600 / 700 | 20.10 / 21.50 |",
                "| DotNext over RaftSdk | 1 | 50 / 20 | 50.0 / 50.0 | 99.0 / 99.0 | 9.0 / 10.0 | 5.0 / 8.0 | 2.0 / 4.0 | 1.0 / 1.8 | 450 / 500 | 20.00 / 22.00 |",
                "| changeagent | 1 | 25 | 50.0 | 99.0 | 10.0 | n/a | n/a | n/a | 400 | 19.00 |",
                "| DotNext over RaftSdk | 16 | 100 | 50.0 | 99.0 | 2.5 | 30.0 | 11.0 | 5.5 | 800 | 23.00 |",
                "| DotNext over DotNext HTTP | 16 | failed | failed | failed | failed | failed | failed | failed | failed | 24.00 |",
                string.Empty,
                "DotNext over RaftSdk / DotNext over DotNext HTTP, 1 client(s), round by round: writes/s 1.25, 0.80; CPU per write 0.75, 1.25",
                "DotNext over RaftSdk / DotNext over DotNext HTTP, 16 client(s), round by round: writes/s n/a; CPU per write n/a",
            ],
            BenchmarkTable.Format(samples));
    }

    // writes acknowledged with latencies 1, 2, ..., writes ms: p50 is 50 ms and p99 99 ms for 100.
    private static BenchmarkSample Sample(string contender, int clients, int round, int writes, double seconds, double cpuSeconds, int newLeaderMs, string load, PhasesView? phases)
    {
        AcknowledgedWrite[] acknowledged = Enumerable.Range(1, writes)
            .Select(i => new AcknowledgedWrite($"k{i}", "v", (ulong)i, TimeSpan.FromMilliseconds(i)))
            .ToArray();
        var phase = new PhaseResult("r1a", writes, clients, TimeSpan.FromSeconds(seconds), acknowledged, [], 0) { NodeCpu = TimeSpan.FromSeconds(cpuSeconds), LeaderPhases = phases };
        var result = new ScenarioResult([], [], [phase], [TimeSpan.FromMilliseconds(newLeaderMs)], [], [], "data-of-the-run");
        return new BenchmarkSample(contender, clients, round, phase, TimeSpan.FromMilliseconds(newLeaderMs), load, result);
    }

    // Only the medians are in the table; the counts, 99th percentiles and means are for the phase's line.
    private static PhasesView Phases(double replicateP50, double roundP50, double appendP50) =>
        new(new PhaseSummaryView(100, replicateP50, 99, replicateP50), new PhaseSummaryView(300, roundP50, 50, roundP50), new PhaseSummaryView(600, appendP50, 40, appendP50));

    private static BenchmarkSample Failed(string contender, int clients, int round, string load)
    {
        var result = new ScenarioResult(["The run failed: no leader"], [], [], [], [], [], "data-of-the-run");
        return new BenchmarkSample(contender, clients, round, null, TimeSpan.Zero, load, result);
    }
}
