using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using RaftSdk.Diagnostics;
using RaftSdk.Mapping;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// What the spans, metrics and logs of streamed calls say, exactly, on both sides (issue 22): the
/// body size histograms hold the bytes of the HTTP body that went through (length prefix, header,
/// body), as a unary call's hold its Content-Length; a caller that disposes a streamed answer
/// before its end is recorded as a canceled call (neither a success nor a failure of the peer),
/// one whose body broke off as that connection failure. The port on the measurements of both
/// sides (<c>server.port</c>) tells this test's calls from those of tests running beside it.
/// </summary>
public sealed class StreamedInstrumentationTests
{
    private const int Megabyte = 1024 * 1024;
    private const string Download = "/stream/download";
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_streamed_answer_read_to_its_end_records_the_bytes_that_went_through_on_both_sides()
    {
        using var measured = new Measurements();
        await using StreamTestServer server = await StreamTestServer.StartAsync();
        using RaftClientCore core = TestServer.CreateClient();
        var request = new Ping { Id = (3 * Megabyte) + 5, Text = "bytes" };

        long head;
        long body;
        await using (RaftStreamedAnswer<UploadAck> answer = await new StreamContractClient(core).DownloadAsync(server.Address, request))
        {
            head = HeadBytes(answer.Header);
            body = await CountToEndAsync(answer.Body);
        }

        await measured.ServerCallEndedAsync(server);
        Assert.Equal((3 * Megabyte) + 5, body);
        Assert.Equal([head + body], measured.ClientValues(RaftDiagnostics.ClientResponseSize, server));
        Assert.Equal([(long)RequestBytes(request)], measured.ClientValues(RaftDiagnostics.ClientRequestSize, server));
        Assert.Equal([head + body], measured.ServerValues(RaftDiagnostics.ServerResponseSize, server));
        Assert.Equal([(long)RequestBytes(request)], measured.ServerValues(RaftDiagnostics.ServerRequestSize, server));
        Assert.Equal(["200 -"], measured.ClientOutcomes(server));
        Assert.Empty(measured.ClientFailures(server));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_streamed_request_records_the_bytes_that_went_through_on_both_sides(bool seekable)
    {
        using var measured = new Measurements();
        await using StreamTestServer server = await StreamTestServer.StartAsync();
        using RaftClientCore core = TestServer.CreateClient();
        var header = new Ping { Id = 1, Text = "hash" };
        long length = (2 * Megabyte) + 3;
        using var body = new GeneratedStream(length, seed: 5, seekable: seekable);

        UploadAck ack = await new StreamContractClient(core).UploadAsync(server.Address, header, body, CancellationToken.None);

        await measured.ServerCallEndedAsync(server);
        long sent = ProtoSize.Length(RequestBytes(header)) + length;
        Assert.Equal((ulong)length, ack.Bytes);
        Assert.Equal([sent], measured.ClientValues(RaftDiagnostics.ClientRequestSize, server));
        Assert.Equal([sent], measured.ServerValues(RaftDiagnostics.ServerRequestSize, server));
        Assert.Equal([(long)RequestBytes(ack)], measured.ClientValues(RaftDiagnostics.ClientResponseSize, server));
        Assert.Equal([(long)RequestBytes(ack)], measured.ServerValues(RaftDiagnostics.ServerResponseSize, server));
        Assert.Equal(["200 -"], measured.ClientOutcomes(server));
    }

    [Fact]
    public async Task A_streamed_answer_disposed_before_its_end_is_recorded_as_canceled_and_logged_as_nothing()
    {
        using var spans = new StoppedSpans();
        using var measured = new Measurements();
        await using StreamTestServer server = await StreamTestServer.StartAsync();
        var log = new ListLoggerFactory();
        using RaftClientCore core = LoggingClient(log);

        long head;
        await using (RaftStreamedAnswer<UploadAck> answer = await new StreamContractClient(core).DownloadAsync(server.Address, new Ping { Id = 4 * Megabyte, Text = "bytes" }))
        {
            head = HeadBytes(answer.Header);
            await answer.Body.ReadExactlyAsync(new byte[Megabyte]);
        }

        Activity span = ClientSpan(spans, server);
        Assert.Equal(
            (ActivityStatusCode.Error, $"The caller disposed the streamed answer of {server.Address} to POST {Download} after {Megabyte} bytes of its body, before its end.", "canceled", 200),
            Outcome(span));
        Assert.Equal(["200 canceled"], measured.ClientOutcomes(server));
        Assert.Equal(["200 canceled"], measured.ClientFailures(server));
        Assert.Equal([head + Megabyte], measured.ClientValues(RaftDiagnostics.ClientResponseSize, server));

        // The caller asked for it: no event, and the peer is neither failing nor recovered.
        Assert.Empty(log.Entries);

        // The server answered 200 and wrote what it could: not a failure on its side.
        Activity served = await ServerSpanAsync(spans, server);
        Assert.Equal(
            (ActivityStatusCode.Unset, 200, null, span.TraceId),
            (served.Status, served.GetTagItem("http.response.status_code"), served.GetTagItem("error.type"), served.TraceId));
    }

    [Fact]
    public async Task A_streamed_answer_that_breaks_off_is_recorded_and_logged_as_that_connection_failure_with_the_bytes_that_came()
    {
        using var spans = new StoppedSpans();
        using var measured = new Measurements();
        await using StreamTestServer server = await StreamTestServer.StartAsync();
        var log = new ListLoggerFactory();
        using RaftClientCore core = LoggingClient(log);

        long head;
        var got = new StrongBox<long>();
        RaftConnectionException broken;
        await using (RaftStreamedAnswer<UploadAck> answer = await new StreamContractClient(core).DownloadAsync(server.Address, new Ping { Id = 2 * Megabyte, Text = "break" }))
        {
            head = HeadBytes(answer.Header);
            broken = await Assert.ThrowsAsync<RaftConnectionException>(() => CountToEndAsync(answer.Body, got)).WaitAsync(Bounded);
        }

        Assert.Equal((ActivityStatusCode.Error, broken.Message, "connection_reset", 200), Outcome(ClientSpan(spans, server)));
        Assert.Equal(["200 connection_reset"], measured.ClientOutcomes(server));
        Assert.Equal(["200 connection_reset"], measured.ClientFailures(server));
        Assert.Equal([head + got.Value], measured.ClientValues(RaftDiagnostics.ClientResponseSize, server));
        Assert.Equal([200, 201], log.Entries.Select(e => e.EventId));
    }

    [Fact]
    public async Task A_read_canceled_by_its_token_is_recorded_as_canceled_and_one_that_timed_out_as_that_failure()
    {
        using var spans = new StoppedSpans();
        using var measured = new Measurements();
        await using StreamTestServer canceledServer = await StreamTestServer.StartAsync();
        await using StreamTestServer timedOutServer = await StreamTestServer.StartAsync();
        var canceledLog = new ListLoggerFactory();
        var timedOutLog = new ListLoggerFactory();
        using RaftClientCore patient = LoggingClient(canceledLog, TimeSpan.FromSeconds(30));
        using RaftClientCore impatient = LoggingClient(timedOutLog, TimeSpan.FromSeconds(1));
        var stall = new Ping { Id = Megabyte, Text = "stall" };

        OperationCanceledException canceled;
        await using (RaftStreamedAnswer<UploadAck> answer = await new StreamContractClient(patient).DownloadAsync(canceledServer.Address, stall))
        {
            await answer.Body.ReadExactlyAsync(new byte[Megabyte]);
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => _ = await answer.Body.ReadAsync(new byte[1], cancel.Token)).WaitAsync(Bounded);
        }

        RaftTimeoutException timedOut;
        await using (RaftStreamedAnswer<UploadAck> answer = await new StreamContractClient(impatient).DownloadAsync(timedOutServer.Address, stall))
        {
            timedOut = await Assert.ThrowsAsync<RaftTimeoutException>(() => CountToEndAsync(answer.Body)).WaitAsync(Bounded);
        }

        Assert.Equal((ActivityStatusCode.Error, canceled.Message, "canceled", 200), Outcome(ClientSpan(spans, canceledServer)));
        Assert.Equal(["200 canceled"], measured.ClientFailures(canceledServer));
        Assert.Empty(canceledLog.Entries);
        Assert.Equal((ActivityStatusCode.Error, timedOut.Message, "timeout", 200), Outcome(ClientSpan(spans, timedOutServer)));
        Assert.Equal(["200 timeout"], measured.ClientFailures(timedOutServer));
        Assert.Equal([200, 201], timedOutLog.Entries.Select(e => e.EventId));
    }

    private static RaftClientCore LoggingClient(ListLoggerFactory log, TimeSpan? timeout = null) => new(new RaftClientOptions { ContentType = TestServer.ContentType, LoggerFactory = log, Timeout = timeout ?? TimeSpan.FromSeconds(10) });

    /// <summary>The one client span of a call to <paramref name="server"/>.</summary>
    private static Activity ClientSpan(StoppedSpans spans, StreamTestServer server) =>
        Assert.Single(spans.Stopped, a => a.Kind == ActivityKind.Client && Equals(a.GetTagItem("server.port"), server.Listener.Port));

    /// <summary>A span's status, its description, <c>error.type</c> and <c>http.response.status_code</c>.</summary>
    private static (ActivityStatusCode, string?, object?, object?) Outcome(Activity span) =>
        (span.Status, span.StatusDescription, span.GetTagItem("error.type"), span.GetTagItem("http.response.status_code"));

    /// <summary>The one server span of a call to <paramref name="server"/>; it stops after the client may have ended its call.</summary>
    private static async Task<Activity> ServerSpanAsync(StoppedSpans spans, StreamTestServer server)
    {
        bool Served(Activity a) => a.Kind == ActivityKind.Server && Equals(a.GetTagItem("server.port"), server.Listener.Port);
        for (var waited = Stopwatch.StartNew(); !spans.Stopped.Any(Served); await Task.Delay(10))
        {
            Assert.True(waited.Elapsed < Bounded, $"no server span on port {server.Listener.Port} stopped within {Bounded}");
        }

        return Assert.Single(spans.Stopped, Served);
    }

    /// <summary>The bytes of a record's wire form (a unary body's Content-Length).</summary>
    private static int RequestBytes(IProtoWritable record) => record.CalculateProtoSize();

    /// <summary>The bytes before a streamed answer's body: the header's length prefix and the header.</summary>
    private static long HeadBytes(UploadAck header) => ProtoSize.Length(RequestBytes(header));

    private static async Task<long> CountToEndAsync(Stream body, StrongBox<long>? counted = null)
    {
        counted ??= new StrongBox<long>();
        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = await body.ReadAsync(buffer).AsTask().WaitAsync(Bounded)) > 0)
        {
            counted.Value += read;
        }

        return counted.Value;
    }

    /// <summary>The RaftSdk measurements taken while it lives.</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly MetricCollector<double> _clientDuration = new(null, RaftDiagnostics.Name, RaftDiagnostics.ClientCallDuration);
        private readonly MetricCollector<double> _serverDuration = new(null, RaftDiagnostics.Name, RaftDiagnostics.ServerCallDuration);
        private readonly MetricCollector<long> _clientFailures = new(null, RaftDiagnostics.Name, RaftDiagnostics.ClientFailures);
        private readonly Dictionary<string, MetricCollector<long>> _sizes = new[]
        {
            RaftDiagnostics.ClientRequestSize, RaftDiagnostics.ClientResponseSize, RaftDiagnostics.ServerRequestSize, RaftDiagnostics.ServerResponseSize,
        }.ToDictionary(name => name, name => new MetricCollector<long>(null, RaftDiagnostics.Name, name));

        /// <summary>Waits until <paramref name="server"/> recorded its call (it ends after the client may have its answer).</summary>
        public async Task ServerCallEndedAsync(StreamTestServer server)
        {
            for (var waited = Stopwatch.StartNew(); !_serverDuration.GetMeasurementSnapshot().Any(m => OnPort(m, server)); await Task.Delay(10))
            {
                Assert.True(waited.Elapsed < Bounded, $"the server on port {server.Listener.Port} did not record its call within {Bounded}");
            }
        }

        public long[] ClientValues(string instrument, StreamTestServer server) =>
            _sizes[instrument].GetMeasurementSnapshot().Where(m => Equals(m.Tags["server.port"], server.Listener.Port)).Select(m => m.Value).ToArray();

        public long[] ServerValues(string instrument, StreamTestServer server) =>
            _sizes[instrument].GetMeasurementSnapshot().Where(m => OnPort(m, server)).Select(m => m.Value).ToArray();

        /// <summary>Each client call's <c>http.response.status_code</c> and <c>error.type</c> (<c>-</c> for none).</summary>
        public string[] ClientOutcomes(StreamTestServer server) =>
            _clientDuration.GetMeasurementSnapshot().Where(m => Equals(m.Tags["server.port"], server.Listener.Port)).Select(m => Outcome(m)).ToArray();

        public string[] ClientFailures(StreamTestServer server) =>
            _clientFailures.GetMeasurementSnapshot().Where(m => Equals(m.Tags["server.port"], server.Listener.Port)).Select(m => Outcome(m)).ToArray();

        public void Dispose()
        {
            _clientDuration.Dispose();
            _serverDuration.Dispose();
            _clientFailures.Dispose();
            foreach (MetricCollector<long> size in _sizes.Values)
            {
                size.Dispose();
            }
        }

        private static bool OnPort<T>(CollectedMeasurement<T> m, StreamTestServer server)
            where T : struct =>
            Equals(m.Tags.GetValueOrDefault("server.port"), server.Listener.Port);

        private static string Outcome<T>(CollectedMeasurement<T> m)
            where T : struct =>
            $"{m.Tags.GetValueOrDefault("http.response.status_code")} {m.Tags.GetValueOrDefault("error.type") ?? "-"}";
    }
}
