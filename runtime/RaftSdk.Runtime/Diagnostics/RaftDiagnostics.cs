using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RaftSdk.Diagnostics;

/// <summary>
/// The names under which RaftSdk reports traces and metrics. Subscribe with OpenTelemetry
/// (<c>AddSource(RaftDiagnostics.Name)</c>, <c>AddMeter(RaftDiagnostics.Name)</c>) or any
/// <see cref="ActivityListener"/>/<see cref="MeterListener"/>. Nothing is measured while nobody listens.
/// </summary>
public static class RaftDiagnostics
{
    /// <summary>The name of the <see cref="ActivitySource"/> and of the <see cref="Meter"/>: <c>RaftSdk</c>, the package name.</summary>
    public const string Name = "RaftSdk";

    /// <summary>Histogram, seconds: a whole client call, from sending to the parsed answer or the failure.</summary>
    public const string ClientCallDuration = "rpc.client.call.duration";

    /// <summary>Histogram, seconds: a server call, from routing to the written answer.</summary>
    public const string ServerCallDuration = "rpc.server.call.duration";

    /// <summary>Histogram, bytes: request bodies a client sends (the Content-Length; a streamed body's bytes written).</summary>
    public const string ClientRequestSize = "rpc.client.request.size";

    /// <summary>Histogram, bytes: response bodies a client receives (as announced by Content-Length; a streamed answer's bytes read).</summary>
    public const string ClientResponseSize = "rpc.client.response.size";

    /// <summary>Histogram, bytes: request bodies a server receives (as announced by Content-Length; a streamed body's bytes read).</summary>
    public const string ServerRequestSize = "rpc.server.request.size";

    /// <summary>Histogram, bytes: response bodies a server writes (as set in Content-Length; a streamed answer's bytes flushed).</summary>
    public const string ServerResponseSize = "rpc.server.response.size";

    /// <summary>UpDownCounter, calls: client calls in flight.</summary>
    public const string ClientActiveCalls = "raftsdk.client.active_calls";

    /// <summary>UpDownCounter, calls: server calls in flight.</summary>
    public const string ServerActiveCalls = "raftsdk.server.active_calls";

    /// <summary>Counter, failures: failed client calls by <c>error.type</c> (and status code for status failures).</summary>
    public const string ClientFailures = "raftsdk.client.failures";

    /// <summary>Counter, failures: server calls answered with a status of 400 or more, by status code.</summary>
    public const string ServerFailures = "raftsdk.server.failures";

    /// <summary>The value of the <c>rpc.system</c> attribute on every span and measurement.</summary>
    public const string RpcSystem = "raftsdk";

    internal static readonly ActivitySource ActivitySource = new(Name, typeof(RaftDiagnostics).Assembly.GetName().Version?.ToString());

    internal static readonly Meter Meter = new(Name, typeof(RaftDiagnostics).Assembly.GetName().Version?.ToString());
}
