using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;

namespace RaftSdk.Samples.DotNextNode.Diagnostics;

/// <summary>
/// Where a write's time goes on the leader, the same way on every transport (<c>GET /phases</c>):
/// <b>replicate</b> is one write's <c>ReplicateAsync</c> until the state machine applied it
/// (append to the write-ahead log, replication round, commit, apply); <b>round</b> is one of
/// DotNext's replication rounds as its leader measures it (its <c>broadcast-time</c>: AppendEntries
/// to every follower until a majority answered; heartbeats included), the only part the transport
/// changes. Both are per write or per round, so a busy machine moves them less than writes/s.
/// </summary>
internal sealed class WritePhases : IDisposable
{
    /// <summary>DotNext's server-side meter and its instrument for a leader's replication round (milliseconds).</summary>
    public const string RaftServerMeter = "DotNext.Net.Cluster.Consensus.Raft.Server";
    public const string BroadcastTime = "broadcast-time";

    /// <summary>The most recent samples kept per phase; older ones are dropped (the node runs for hours, the figures are of a phase).</summary>
    public const int Capacity = 100_000;

    private readonly Samples _replicate = new();
    private readonly Samples _rounds = new();
    private readonly MeterListener _listener = new();

    public WritePhases()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RaftServerMeter && instrument.Name == BroadcastTime)
            {
                listener.EnableMeasurementEvents(instrument, _rounds);
            }
        };
        _listener.SetMeasurementEventCallback<double>(static (_, milliseconds, _, state) => ((Samples)state!).Add(milliseconds));
        _listener.Start();
    }

    /// <summary>One write this leader replicated and applied.</summary>
    public void Replicated(TimeSpan elapsed) => _replicate.Add(elapsed.TotalMilliseconds);

    /// <summary>One replication round (what DotNext's meter reports; public for tests).</summary>
    public void Round(double milliseconds) => _rounds.Add(milliseconds);

    public PhasesReport Report() => new(_replicate.Summary(), _rounds.Summary());

    /// <summary>Forgets every sample (the launcher does it before a write phase).</summary>
    public void Reset()
    {
        _replicate.Clear();
        _rounds.Clear();
    }

    public void Dispose() => _listener.Dispose();

    private sealed class Samples
    {
        private readonly Lock _gate = new();
        private readonly Queue<double> _values = new();

        public void Add(double value)
        {
            lock (_gate)
            {
                if (_values.Count == Capacity)
                {
                    _values.Dequeue();
                }

                _values.Enqueue(value);
            }
        }

        public void Clear()
        {
            lock (_gate)
            {
                _values.Clear();
            }
        }

        public PhaseSummary Summary()
        {
            double[] sorted;
            lock (_gate)
            {
                sorted = _values.ToArray();
            }

            Array.Sort(sorted);
            return new PhaseSummary(sorted.Length, Rank(sorted, 50), Rank(sorted, 99), sorted.Length == 0 ? 0 : sorted.Average());
        }

        // Nearest rank, as the launcher's latency percentiles: the smallest value with p% of the samples at or below it.
        private static double Rank(double[] sorted, double p) =>
            sorted.Length == 0 ? 0 : sorted[Math.Max(0, Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1))];
    }
}

/// <summary>Count, median, 99th percentile and mean of one phase, in milliseconds.</summary>
internal sealed record PhaseSummary(int Count, double P50, double P99, double Mean);

/// <summary><c>GET /phases</c>: the leader's writes (replicate) and DotNext's replication rounds.</summary>
internal sealed record PhasesReport(PhaseSummary Replicate, PhaseSummary Round);
