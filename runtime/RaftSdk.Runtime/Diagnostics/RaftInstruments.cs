using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace RaftSdk.Diagnostics;

/// <summary>The process-wide instruments of <see cref="RaftDiagnostics.Meter"/>, created once.</summary>
internal static class RaftInstruments
{
    // OpenTelemetry's recommended boundaries for durations in seconds (HTTP semantic conventions).
    private static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    public static readonly Histogram<double> ClientDuration = Duration(RaftDiagnostics.ClientCallDuration, "Duration of RaftSdk client calls.");
    public static readonly Histogram<double> ServerDuration = Duration(RaftDiagnostics.ServerCallDuration, "Duration of RaftSdk server calls.");
    public static readonly Histogram<long> ClientRequestSize = RaftDiagnostics.Meter.CreateHistogram<long>(RaftDiagnostics.ClientRequestSize, "By", "Size of request bodies sent.");
    public static readonly Histogram<long> ClientResponseSize = RaftDiagnostics.Meter.CreateHistogram<long>(RaftDiagnostics.ClientResponseSize, "By", "Size of response bodies received.");
    public static readonly Histogram<long> ServerRequestSize = RaftDiagnostics.Meter.CreateHistogram<long>(RaftDiagnostics.ServerRequestSize, "By", "Size of request bodies received.");
    public static readonly Histogram<long> ServerResponseSize = RaftDiagnostics.Meter.CreateHistogram<long>(RaftDiagnostics.ServerResponseSize, "By", "Size of response bodies sent.");
    public static readonly UpDownCounter<long> ClientActive = RaftDiagnostics.Meter.CreateUpDownCounter<long>(RaftDiagnostics.ClientActiveCalls, "{call}", "Client calls in flight.");
    public static readonly UpDownCounter<long> ServerActive = RaftDiagnostics.Meter.CreateUpDownCounter<long>(RaftDiagnostics.ServerActiveCalls, "{call}", "Server calls in flight.");
    public static readonly Counter<long> ClientFailures = RaftDiagnostics.Meter.CreateCounter<long>(RaftDiagnostics.ClientFailures, "{failure}", "Failed client calls.");
    public static readonly Counter<long> ServerFailures = RaftDiagnostics.Meter.CreateCounter<long>(RaftDiagnostics.ServerFailures, "{failure}", "Server calls answered with an error status.");

    /// <summary>True when any duration, size or activity instrument is listened to (the per-call cost gate).</summary>
    public static bool ClientMeasured =>
        ClientDuration.Enabled || ClientRequestSize.Enabled || ClientResponseSize.Enabled || ClientActive.Enabled || ClientFailures.Enabled;

    public static bool ServerMeasured =>
        ServerDuration.Enabled || ServerRequestSize.Enabled || ServerResponseSize.Enabled || ServerActive.Enabled || ServerFailures.Enabled;

    private static Histogram<double> Duration(string name, string description)
    {
#if NET9_0_OR_GREATER
        return RaftDiagnostics.Meter.CreateHistogram<double>(
            name, "s", description, tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
#else
        _ = DurationBuckets;
        return RaftDiagnostics.Meter.CreateHistogram<double>(name, "s", description);
#endif
    }
}
