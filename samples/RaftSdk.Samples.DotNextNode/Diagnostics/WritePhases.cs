using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;

namespace RaftSdk.Samples.DotNextNode.Diagnostics;

/// <summary>
/// Where a write's time goes on the leader, the same way on every transport (<c>GET /phases</c>):
/// <b>replicate</b> is one write's <c>ReplicateAsync</c> until the state machine applied it
/// (append to the write-ahead log, replication round, commit with its flush, apply); <b>round</b>
/// is one of DotNext's replication rounds as its leader measures it (its <c>broadcast-time</c>:
/// AppendEntries to every follower until a majority answered; heartbeats included); <b>append</b>
/// is one AppendEntries call as the leader's client times it (DotNext's <c>response-time</c> on
/// its HTTP and TCP transports, RaftSdk's <c>rpc.client.call.duration</c> on RaftSdk). Only round
/// and append depend on the transport. All are per write, round or call, so a busy machine moves
/// them less than writes/s.
/// </summary>
internal sealed class WritePhases : IDisposable
{
    /// <summary>DotNext's server-side meter and its instrument for a leader's replication round (milliseconds).</summary>
    public const string RaftServerMeter = "DotNext.Net.Cluster.Consensus.Raft.Server";
    public const string BroadcastTime = "broadcast-time";

    /// <summary>DotNext's client-side meter (HTTP and TCP transports) and its per-call instrument (milliseconds), tagged with the message.</summary>
    public const string RaftClientMeter = "DotNext.Net.Cluster.Consensus.Raft.Client";
    public const string ResponseTime = "response-time";
    public const string MessageTag = "dotnext.raft.client.message";
    public const string AppendEntriesMessage = "AppendEntries";

    /// <summary>RaftSdk's route of AppendEntries in <c>IDotNextRaft</c> (the <c>rpc.method</c> of its client calls, timed in seconds).</summary>
    public const string AppendEntriesRoute = "/dotnext/v1/append";

    /// <summary>The most recent samples kept per phase; older ones are dropped (the node runs for hours, the figures are of a phase).</summary>
    public const int Capacity = 100_000;

    private readonly Samples _replicate = new();
    private readonly Samples _rounds = new();
    private readonly Samples _appends = new();
    private readonly MeterListener _listener = new();

    public WritePhases()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            Source? source = (instrument.Meter.Name, instrument.Name) switch
            {
                (RaftServerMeter, BroadcastTime) => new Source(_rounds, null, null, 1),
                (RaftClientMeter, ResponseTime) => new Source(_appends, MessageTag, AppendEntriesMessage, 1),
                (RaftSdk.Diagnostics.RaftDiagnostics.Name, RaftSdk.Diagnostics.RaftDiagnostics.ClientCallDuration) => new Source(_appends, "rpc.method", AppendEntriesRoute, 1000),
                _ => null,
            };
            if (source is not null)
            {
                listener.EnableMeasurementEvents(instrument, source);
            }
        };
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((Source)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>One write this leader replicated and applied.</summary>
    public void Replicated(TimeSpan elapsed) => _replicate.Add(elapsed.TotalMilliseconds);

    /// <summary>One replication round (what DotNext's meter reports; public for tests).</summary>
    public void Round(double milliseconds) => _rounds.Add(milliseconds);

    public PhasesReport Report() => new(_replicate.Summary(), _rounds.Summary(), _appends.Summary());

    /// <summary>Forgets every sample (the launcher does it before a write phase).</summary>
    public void Reset()
    {
        _replicate.Clear();
        _rounds.Clear();
        _appends.Clear();
    }

    public void Dispose() => _listener.Dispose();

    // An instrument's measurements that go to one phase: those with the tag, if one is named, scaled to milliseconds.
    private sealed record Source(Samples Target, string? TagKey, string? TagValue, double ToMilliseconds)
    {
        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (TagKey is not null && !HasTag(tags))
            {
                return;
            }

            Target.Add(value * ToMilliseconds);
        }

        private bool HasTag(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == TagKey)
                {
                    return tag.Value as string == TagValue;
                }
            }

            return false;
        }
    }

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

/// <summary><c>GET /phases</c>: the leader's writes (replicate), DotNext's replication rounds and the AppendEntries calls.</summary>
internal sealed record PhasesReport(PhaseSummary Replicate, PhaseSummary Round, PhaseSummary Append);
