using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.Samples.Cluster.Scenario;

/// <summary>
/// Writes through random running nodes with several concurrent clients. Each client has an id of
/// its own and numbers its writes 1, 2, 3...; a write that is not acknowledged (no leader yet,
/// leader just killed, timeout) is retried with the same seq on another random node, with a growing
/// pause, until its time is up, so the cluster applies it once however often it is sent. Only
/// acknowledged writes count as written; an acknowledgement marked duplicate (a retry of a write
/// that was applied after all) counts, with its original index.
/// </summary>
public static class WriteLoad
{
    public static async Task<PhaseResult> RunAsync(LocalCluster cluster, string phase, int writes, int clients, TimeSpan perWriteLimit, CancellationToken cancellationToken)
    {
        var acknowledged = new ConcurrentBag<AcknowledgedWrite>();
        var gaveUp = new ConcurrentBag<string>();
        int next = -1;
        int retries = 0;
        int[] targets = cluster.Running.ToArray();
        var clock = Stopwatch.StartNew();

        async Task ClientAsync(int number)
        {
            string client = $"{phase}-client{number}";
            ulong seq = 0;
            int n;
            while ((n = Interlocked.Increment(ref next)) < writes)
            {
                seq++;
                string key = $"{phase}-{n:D5}";
                string value = $"{key}@{Guid.NewGuid():N}";
                long started = Stopwatch.GetTimestamp();
                DateTime deadline = DateTime.UtcNow + perWriteLimit;
                string? lastError = null;
                for (int attempt = 0; DateTime.UtcNow < deadline; attempt++)
                {
                    if (attempt > 0)
                    {
                        _ = Interlocked.Increment(ref retries);
                        await Task.Delay(Math.Min(20 << Math.Min(attempt, 4), 250), cancellationToken).ConfigureAwait(false);
                    }

                    int target = targets[Random.Shared.Next(targets.Length)];
                    (WriteResultView? result, string? error) = await cluster.Api.TryWriteAsync(cluster.Specs[target].HttpPort, key, value, client, seq, cancellationToken).ConfigureAwait(false);
                    if (result is not null)
                    {
                        acknowledged.Add(new AcknowledgedWrite(key, value, result.Index, Stopwatch.GetElapsedTime(started), result.Duplicate));
                        lastError = null;
                        break;
                    }

                    lastError = $"{cluster.Name(target)}: {error}";
                }

                if (lastError is not null)
                {
                    gaveUp.Add($"{key} ({lastError})");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(1, clients).Select(number => Task.Run(() => ClientAsync(number), cancellationToken))).ConfigureAwait(false);
        return new PhaseResult(phase, writes, clients, clock.Elapsed, acknowledged.OrderBy(a => a.Index).ToArray(), gaveUp.ToArray(), retries);
    }
}

/// <summary>
/// A write the cluster acknowledged as committed at <paramref name="Index"/>; it must never be lost.
/// <paramref name="Duplicate"/>: acknowledged as a retry of the same write applied before.
/// </summary>
public sealed record AcknowledgedWrite(string Key, string Value, ulong Index, TimeSpan Latency, bool Duplicate = false);

/// <summary>One phase of writes: what was acknowledged, how fast, and what was given up on.</summary>
public sealed record PhaseResult(string Name, int Writes, int Clients, TimeSpan Duration, IReadOnlyList<AcknowledgedWrite> Acknowledged, IReadOnlyList<string> GaveUp, int Retries)
{
    public double WritesPerSecond => Acknowledged.Count / Duration.TotalSeconds;

    /// <summary>CPU time the running nodes used during the phase, together (heartbeats included); zero when not measured.</summary>
    public TimeSpan NodeCpu { get; init; }

    /// <summary>Where the leader's time went (DotNext nodes' <c>GET /phases</c>, from the leader at the end of the phase); null for the changeagent node.</summary>
    public PhasesView? LeaderPhases { get; init; }

    /// <summary>Milliseconds of node CPU per acknowledged write.</summary>
    public double CpuPerWriteMs => Acknowledged.Count == 0 ? 0 : NodeCpu.TotalMilliseconds / Acknowledged.Count;

    public TimeSpan Percentile(double p)
    {
        if (Acknowledged.Count == 0)
        {
            return TimeSpan.Zero;
        }

        TimeSpan[] sorted = Acknowledged.Select(a => a.Latency).Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }

    public string Describe() =>
        $"{Acknowledged.Count} of {Writes} writes acknowledged by {Clients} client(s) in {Duration.TotalSeconds:0.00} s " +
        $"({WritesPerSecond:0} writes/s; latency p50 {Percentile(50).TotalMilliseconds:0.0} ms, p99 {Percentile(99).TotalMilliseconds:0.0} ms, " +
        $"max {Percentile(100).TotalMilliseconds:0.0} ms; {Retries} retried attempt(s), {Acknowledged.Count(a => a.Duplicate)} answered as applied before" +
        (NodeCpu > TimeSpan.Zero ? $"; nodes' CPU {CpuPerWriteMs:0.0} ms per write)" : ")") +
        (LeaderPhases is null ? string.Empty : $"; {LeaderPhases.Describe()}");
}
