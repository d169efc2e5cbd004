using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RaftSdk.Diagnostics;

namespace RaftSdk.Benchmarks.Telemetry;

/// <summary>
/// With <c>RAFTSDK_BENCH_TELEMETRY=1</c> in the environment, every benchmark process (compare
/// passes its environment to the servers it starts) runs with the OpenTelemetry SDK attached to
/// RaftSdk's ActivitySource and Meter as an app would: every span sampled and batched, every
/// instrument aggregated and exported each second, to exporters that drop what they get (the cost
/// measured is RaftSdk's instrumentation plus the SDK's collection, not a backend's).
/// </summary>
internal static class TelemetryHook
{
    private static TracerProvider? s_tracing;
    private static MeterProvider? s_metrics;

#pragma warning disable CA2255 // A benchmark switch that must be on before any RaftSdk type is used.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void AttachWhenAsked()
    {
        if (Environment.GetEnvironmentVariable("RAFTSDK_BENCH_TELEMETRY") != "1")
        {
            return;
        }

        s_tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(RaftDiagnostics.Name)
            .SetSampler(new AlwaysOnSampler())
            .AddProcessor(new BatchActivityExportProcessor(new DroppingExporter<Activity>()))
            .Build();
        s_metrics = Sdk.CreateMeterProviderBuilder()
            .AddMeter(RaftDiagnostics.Name)
            .AddReader(new PeriodicExportingMetricReader(new DroppingExporter<Metric>(), exportIntervalMilliseconds: 1000))
            .Build();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            s_tracing?.Dispose();
            s_metrics?.Dispose();
        };
        Console.Error.WriteLine("RAFTSDK_BENCH_TELEMETRY=1: OpenTelemetry SDK attached to RaftSdk's ActivitySource and Meter.");
    }

    private sealed class DroppingExporter<T> : BaseExporter<T>
        where T : class
    {
        public override ExportResult Export(in Batch<T> batch) => ExportResult.Success;
    }
}
