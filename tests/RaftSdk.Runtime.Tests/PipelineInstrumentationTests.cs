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
        using var spans = new StoppedSpans();
        ConcurrentQueue<Activity> stopped = spans.Stopped;
        await using TestServer server = await TestServer.StartAsync();
        using RaftClientCore client = TestServer.CreateClient();
        await using RaftPipeline pipeline = await client.OpenPipelineAsync(server.Address, depth: 4);

        Pong pong = await pipeline.SendAsync(TestServer.Ping, TestServer.NewPing(7));

        // Other tests run beside this one: only the spans of this server's port are ours.
        Activity call = Assert.Single(stopped, a => a.Kind == ActivityKind.Client && Equals(a.GetTagItem("server.port"), server.Listener.Port));
        // The server's span stops after its answer is written, so it may stop after the client has it.
        for (var waited = Stopwatch.StartNew(); !stopped.Any(a => a.Kind == ActivityKind.Server && a.TraceId == call.TraceId) && waited.Elapsed < TimeSpan.FromSeconds(10);)
        {
            await Task.Delay(10);
        }

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

    [Fact]
    public async Task A_pipelined_call_records_and_logs_exactly_what_the_same_unary_call_does()
    {
        // The same calls, one path each, to a server of its own (its port tells them apart):
        // a success, a status error, a timeout, a success again.
        var measured = new ConcurrentQueue<(int Port, string Instrument, string Value, string Tags)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RaftDiagnostics.Name && (instrument.Name.StartsWith("rpc.client.", StringComparison.Ordinal) || instrument.Name.StartsWith("raftsdk.client.", StringComparison.Ordinal)))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument, "(duration)", tags));
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value.ToString(System.Globalization.CultureInfo.InvariantCulture), tags));
        await using TestServer unaryServer = await TestServer.StartAsync();
        await using TestServer pipelineServer = await TestServer.StartAsync();

        // Both paths warmed up first (connections, JIT), unmeasured, so that only the hang meets the timeout.
        using (RaftClientCore warmup = TestServer.CreateClient())
        {
            await warmup.SendAsync(unaryServer.Address, TestServer.Ping, TestServer.NewPing(0), default);
            await using RaftPipeline warm = await warmup.OpenPipelineAsync(pipelineServer.Address, depth: 1);
            await warm.SendAsync(TestServer.Ping, TestServer.NewPing(0));
        }

        meters.Start();
        var unaryLog = new ListLoggerFactory();
        var pipelineLog = new ListLoggerFactory();
        using RaftClientCore unary = NewClient(unaryLog);
        using RaftClientCore pipelined = NewClient(pipelineLog);

        await unary.SendAsync(unaryServer.Address, TestServer.Ping, TestServer.NewPing(1, "one"), default);
        await Assert.ThrowsAsync<RaftStatusException>(() => unary.SendAsync(unaryServer.Address, TestServer.FailEmpty, TestServer.NewPing(2), default));
        await Assert.ThrowsAsync<RaftTimeoutException>(() => unary.SendAsync(unaryServer.Address, TestServer.Hang, TestServer.NewPing(3), default));
        await unary.SendAsync(unaryServer.Address, TestServer.Ping, TestServer.NewPing(4, "four"), default);

        await using (RaftPipeline pipeline = await pipelined.OpenPipelineAsync(pipelineServer.Address, depth: 4))
        {
            await pipeline.SendAsync(TestServer.Ping, TestServer.NewPing(1, "one"));
            await Assert.ThrowsAsync<RaftStatusException>(() => pipeline.SendAsync(TestServer.FailEmpty, TestServer.NewPing(2)));
            await Assert.ThrowsAsync<RaftTimeoutException>(() => pipeline.SendAsync(TestServer.Hang, TestServer.NewPing(3)));
        }

        await using (RaftPipeline again = await pipelined.OpenPipelineAsync(pipelineServer.Address, depth: 4))
        {
            await again.SendAsync(TestServer.Ping, TestServer.NewPing(4, "four"));
        }

        (string Instrument, string Value, string Tags)[] OfServer(TestServer server) =>
            measured.Where(m => m.Port == server.Listener.Port).Select(m => (m.Instrument, m.Value, m.Tags)).ToArray();
        (int, string, Microsoft.Extensions.Logging.LogLevel)[] Logged(ListLoggerFactory log, TestServer server) =>
            log.Entries.Select(e => (e.EventId, e.Message.Replace(server.Address, "PEER", StringComparison.Ordinal), e.Level)).ToArray();

        (string Instrument, string Value, string Tags)[] fromUnary = OfServer(unaryServer);
        Assert.Equal(21, fromUnary.Length); // 4 x (active +1, active -1, duration, request size), 3 response sizes (none for the timeout), 2 failures
        Assert.Equal(("rpc.client.response.size", "15", "http.request.method=POST, http.response.status_code=200, rpc.method=/test/ping, rpc.system=raftsdk, server.address=127.0.0.1"), fromUnary[4]);
        Assert.Equal(fromUnary, OfServer(pipelineServer));
        Assert.Equal(new[] { 200, 201, 200, 201, 202 }, unaryLog.Entries.Select(e => e.EventId));
        Assert.Equal(Logged(unaryLog, unaryServer), Logged(pipelineLog, pipelineServer));

        void Record(Instrument instrument, string value, ReadOnlySpan<System.Collections.Generic.KeyValuePair<string, object?>> tags)
        {
            if (Tag(tags, "server.port") is int port)
            {
                string text = string.Join(", ", tags.ToArray().Where(t => t.Key != "server.port").OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key + "=" + t.Value));
                measured.Enqueue((port, instrument.Name, value, text));
            }
        }

        static RaftClientCore NewClient(ListLoggerFactory log) =>
            new(new RaftClientOptions { ContentType = TestServer.ContentType, LoggerFactory = log, Timeout = TimeSpan.FromSeconds(2) });
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
