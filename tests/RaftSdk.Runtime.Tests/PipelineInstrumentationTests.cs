using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using RaftSdk.Diagnostics;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>A pipelined call has the spans, metrics and logs of a call through the pooled handler (issue 22, point 1).</summary>
public sealed class PipelineInstrumentationTests
{
    [Fact]
    public async Task A_pipelined_call_has_a_client_span_that_the_server_span_continues()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RaftDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using TestServer server = await TestServer.StartAsync();
        using RaftClientCore client = TestServer.CreateClient();
        await using RaftPipeline pipeline = await client.OpenPipelineAsync(server.Address, depth: 4);

        Pong pong = await pipeline.SendAsync(TestServer.Ping, TestServer.NewPing(7));

        // Other tests run beside this one: only the spans of this server's port are ours.
        Activity call = Assert.Single(stopped, a => a.Kind == ActivityKind.Client && Equals(a.GetTagItem("server.port"), server.Listener.Port));
        Activity served = Assert.Single(stopped, a => a.Kind == ActivityKind.Server && a.TraceId == call.TraceId);
        Assert.Equal(7UL, pong.Id);
        Assert.Equal("POST /test/ping", call.DisplayName);
        Assert.Equal(
            ("raftsdk", "/test/ping", "POST", "127.0.0.1", "http", 200),
            (call.GetTagItem("rpc.system"), call.GetTagItem("rpc.method"), call.GetTagItem("http.request.method"), call.GetTagItem("server.address"), call.GetTagItem("url.scheme"), call.GetTagItem("http.response.status_code")));
        Assert.Equal(call.SpanId, served.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Unset, call.Status);
    }

    [Fact]
    public async Task A_pipelined_call_is_measured_and_its_failure_counted_and_logged()
    {
        var durations = new ConcurrentQueue<(int? Status, string? Error)>();
        var failures = new ConcurrentQueue<string?>();
        await using TestServer server = await TestServer.StartAsync();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RaftDiagnostics.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
        {
            if (instrument.Name == "rpc.client.call.duration" && Tag(tags, "server.port") is int port && port == server.Listener.Port)
            {
                durations.Enqueue((Tag(tags, "http.response.status_code") as int?, Tag(tags, "error.type") as string));
            }
        });
        meters.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            if (instrument.Name == "raftsdk.client.failures" && Tag(tags, "server.port") is int port && port == server.Listener.Port)
            {
                failures.Enqueue(Tag(tags, "error.type") as string);
            }
        });
        meters.Start();
        var log = new ListLoggerFactory();
        using var client = new RaftClientCore(new RaftClientOptions { ContentType = TestServer.ContentType, LoggerFactory = log });
        await using RaftPipeline pipeline = await client.OpenPipelineAsync(server.Address, depth: 4);

        await pipeline.SendAsync(TestServer.Ping, TestServer.NewPing(1));
        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() => pipeline.SendAsync(TestServer.FailEmpty, TestServer.NewPing(2)));

        Assert.Equal(new (int?, string?)[] { (200, null), (500, "status") }, durations.ToArray());
        Assert.Equal(new[] { "status" }, failures.ToArray());
        Assert.Equal(500, error.StatusCode);
        string message = Assert.Single(log.Entries, e => e.EventId == 201).Message;
        Assert.StartsWith($"Calls to {server.Address} fail (status): HTTP status 500 Internal Server Error from POST /test/fail-empty on {server.Address}", message, StringComparison.Ordinal);
    }

    private static object? Tag(ReadOnlySpan<System.Collections.Generic.KeyValuePair<string, object?>> tags, string name)
    {
        foreach (System.Collections.Generic.KeyValuePair<string, object?> tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value;
            }
        }

        return null;
    }
}
