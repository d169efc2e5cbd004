using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Diagnostics;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Tls;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// Streamed answers over real Kestrel on 127.0.0.1 through the generated client and dispatcher of
/// <see cref="IStreamContract"/>: a body far above the client's response limit arrives whole
/// (checksum), plain and with mutual TLS; the connection is reused after a body read to its end
/// and closed after one disposed early (and the server then stops and disposes its stream); a
/// body that breaks off, stalls, or is read too slowly fails clearly on both sides, never as a
/// short body that looks whole.
/// </summary>
public sealed class StreamedAnswerTests(TlsFixture certificates) : IClassFixture<TlsFixture>
{
    private const int Megabyte = 1024 * 1024;
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_answer_8192_times_the_clients_response_limit_arrives_whole(bool tls)
    {
        using RaftTlsCredentials? serverTls = tls ? certificates.Server.LoadCredentials() : null;
        using RaftTlsCredentials? clientTls = tls ? certificates.Client.LoadCredentials() : null;
        await using StreamTestServer server = await StreamTestServer.StartAsync(serverTls);
        // 1 KiB for a whole answer: the header fits, the body is streamed past the limit.
        using RaftClientCore core = TestServer.CreateClient(clientTls, maxResponseBodySize: 1024);
        var client = new StreamContractClient(core);

        (UploadAck header, long bytes, string sha) = await DownloadAllAsync(client, server, 8L * Megabyte);

        Assert.Equal(8UL * Megabyte, header.Bytes);
        Assert.Equal(new byte[] { 1, 2, 3 }, header.Sha256);
        Assert.Null(header.Error);
        ServedAnswerStream served = Assert.Single(server.Service.Served);
        Assert.Equal(8L * Megabyte, await served.Disposed.Task.WaitAsync(Bounded));
        Assert.Equal(8L * Megabyte, bytes);
        Assert.Equal(Convert.ToHexString(served.Sha256()), sha);
        Assert.Equal("application/changeagent+protobuf", Assert.Single(server.Requests).ContentType);
        Assert.Empty(server.ObservedErrors);
    }

    [Fact]
    public async Task The_connection_is_reused_after_a_body_read_to_its_end_and_closed_after_one_disposed_early()
    {
        await using StreamTestServer server = await StreamTestServer.StartAsync();
        using RaftClientCore core = TestServer.CreateClient();
        var client = new StreamContractClient(core);

        await DownloadAllAsync(client, server, Megabyte);
        await DownloadAllAsync(client, server, Megabyte);
        await using (RaftStreamedAnswer<UploadAck> early = await client.DownloadAsync(server.Address, new Ping { Id = 64 * Megabyte, Text = "bytes" }))
        {
            await early.Body.ReadExactlyAsync(new byte[Megabyte]);
        }

        await DownloadAllAsync(client, server, Megabyte);

        string[] connections = server.Connections.ToArray();
        Assert.Equal(4, connections.Length);
        Assert.Equal(connections[0], connections[1]);
        Assert.Equal(connections[0], connections[2]);
        Assert.NotEqual(connections[2], connections[3]);
    }

    [Fact]
    public async Task A_body_disposed_early_stops_the_servers_copy_and_disposes_its_stream()
    {
        await using StreamTestServer server = await StreamTestServer.StartAsync();
        using RaftClientCore core = TestServer.CreateClient();
        var client = new StreamContractClient(core);

        RaftStreamedAnswer<UploadAck> answer = await client.DownloadAsync(server.Address, new Ping { Id = 1UL << 40, Text = "bytes" });
        await answer.Body.ReadExactlyAsync(new byte[Megabyte]);
        await answer.DisposeAsync();

        // A TiB was offered; the copy stops once the connection is gone, with what the socket buffers held.
        long copied = await Assert.Single(server.Service.Served).Disposed.Task.WaitAsync(Bounded);
        Assert.InRange(copied, Megabyte, 64L * Megabyte);
        Assert.Empty(server.ObservedErrors);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => _ = await answer.Body.ReadAsync(new byte[1]));
    }

    [Fact]
    public async Task A_body_that_breaks_off_fails_the_clients_read_saying_so_never_a_clean_end()
    {
        await using StreamTestServer server = await StreamTestServer.StartAsync();
        using RaftClientCore core = TestServer.CreateClient();
        var client = new StreamContractClient(core);

        await using RaftStreamedAnswer<UploadAck> answer = await client.DownloadAsync(server.Address, new Ping { Id = 4 * Megabyte, Text = "break" });
        var counted = new StrongBox<long>();
        RaftConnectionException broken = await Assert.ThrowsAsync<RaftConnectionException>(() => ReadToEndAsync(answer.Body, counted)).WaitAsync(Bounded);
        long got = counted.Value;

        Assert.InRange(got, 0, 4 * Megabyte);
        Assert.Equal(RaftConnectionFailure.ConnectionReset, broken.Failure);
        Assert.Equal(
            $"Cannot call /stream/download on {server.Address}: connection reset or closed by the peer (the server's streamed answer broke off after {got} bytes of its body: its stream failed or the connection was cut, so the body is incomplete)",
            broken.Message);
        IOException observed = Assert.IsType<IOException>(Assert.Single(server.ObservedErrors));
        Assert.Equal(ServedAnswerStream.FailText, observed.Message);
        Assert.Equal(4L * Megabyte, await Assert.Single(server.Service.Served).Disposed.Task.WaitAsync(Bounded));

        // The failure stays: a later read does not pretend the body ended.
        IOException again = await Assert.ThrowsAsync<IOException>(async () => _ = await answer.Body.ReadAsync(new byte[1]));
        Assert.Same(broken, again.InnerException);
    }

    [Fact]
    public async Task A_handler_that_fails_before_answering_answers_its_error_status_and_text()
    {
        await using StreamTestServer server = await StreamTestServer.StartAsync();
        using RaftClientCore core = TestServer.CreateClient();
        var client = new StreamContractClient(core);

        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() => client.DownloadAsync(server.Address, new Ping { Id = 1, Text = "refuse" }));

        Assert.Equal(500, error.StatusCode);
        Assert.Equal(StreamService.FailText + " before answering", error.RemoteError);
        Assert.Empty(server.Service.Served);
        Assert.Equal(error.RemoteError, Assert.IsType<InvalidOperationException>(Assert.Single(server.ObservedErrors)).Message);
    }

    [Fact]
    public async Task A_body_that_stalls_times_out_the_clients_read_and_the_server_disposes_its_stream()
    {
        await using StreamTestServer server = await StreamTestServer.StartAsync();
        using RaftClientCore core = TestServer.CreateClient(timeout: TimeSpan.FromSeconds(1));
        var client = new StreamContractClient(core);

        RaftStreamedAnswer<UploadAck> answer = await client.DownloadAsync(server.Address, new Ping { Id = Megabyte, Text = "stall" });
        var counted = new StrongBox<long>();
        RaftTimeoutException timedOut = await Assert.ThrowsAsync<RaftTimeoutException>(() => ReadToEndAsync(answer.Body, counted)).WaitAsync(Bounded);
        long got = counted.Value;
        await answer.DisposeAsync();

        Assert.Equal(Megabyte, got);
        Assert.Equal(TimeSpan.FromSeconds(1), timedOut.Timeout);
        Assert.Equal(Megabyte, await Assert.Single(server.Service.Served).Disposed.Task.WaitAsync(Bounded));
    }

    [Fact]
    public async Task The_handler_deadline_covers_producing_the_answer_not_sending_its_body()
    {
        await using StreamTestServer server = await StreamTestServer.StartAsync(handlerTimeout: TimeSpan.FromSeconds(1));
        using RaftClientCore core = TestServer.CreateClient();
        var client = new StreamContractClient(core);

        RaftStatusException late = await Assert.ThrowsAsync<RaftStatusException>(() => client.DownloadAsync(server.Address, new Ping { Id = 1, Text = "hang" }).WaitAsync(Bounded));
        Assert.Equal(504, late.StatusCode);
        Assert.Equal("The handler did not finish within its deadline of 1000 ms", late.RemoteError);
        Assert.True(await server.Service.SawCancellation.Task.WaitAsync(Bounded));

        // A body that takes longer than the deadline to read goes through whole.
        await using RaftStreamedAnswer<UploadAck> answer = await client.DownloadAsync(server.Address, new Ping { Id = 4 * Megabyte, Text = "bytes" });
        await answer.Body.ReadExactlyAsync(new byte[Megabyte]);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var rest = new StrongBox<long>();
        await ReadToEndAsync(answer.Body, rest);

        Assert.Equal(3L * Megabyte, rest.Value);
        Assert.Equal(4L * Megabyte, await Assert.Single(server.Service.Served).Disposed.Task.WaitAsync(Bounded));
        Assert.Empty(server.ObservedErrors);
    }

    [Fact]
    public async Task An_answer_that_comes_after_the_deadline_has_its_stream_disposed()
    {
        await using StreamTestServer server = await StreamTestServer.StartAsync(handlerTimeout: TimeSpan.FromSeconds(1));
        using RaftClientCore core = TestServer.CreateClient();
        var client = new StreamContractClient(core);

        RaftStatusException late = await Assert.ThrowsAsync<RaftStatusException>(() => client.DownloadAsync(server.Address, new Ping { Id = Megabyte, Text = "late" }).WaitAsync(Bounded));

        Assert.Equal(504, late.StatusCode);
        await WaitUntilAsync(() => !server.Service.Served.IsEmpty);
        Assert.Equal(0, await Assert.Single(server.Service.Served).Disposed.Task.WaitAsync(Bounded));
    }

    [Fact]
    public async Task A_read_canceled_by_its_token_throws_that_cancellation_and_the_server_disposes_its_stream()
    {
        await using StreamTestServer server = await StreamTestServer.StartAsync();
        using RaftClientCore core = TestServer.CreateClient(timeout: TimeSpan.FromSeconds(30));
        var client = new StreamContractClient(core);

        await using RaftStreamedAnswer<UploadAck> answer = await client.DownloadAsync(server.Address, new Ping { Id = Megabyte, Text = "stall" });
        await answer.Body.ReadExactlyAsync(new byte[Megabyte]);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        OperationCanceledException canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => _ = await answer.Body.ReadAsync(new byte[1], cancel.Token)).WaitAsync(Bounded);

        Assert.Equal(cancel.Token, canceled.CancellationToken);
        Assert.Equal(Megabyte, await Assert.Single(server.Service.Served).Disposed.Task.WaitAsync(Bounded));
    }

    [Fact]
    public async Task A_reader_below_the_minimum_data_rate_is_cut_and_the_server_disposes_its_stream()
    {
        // 64 KiB/s, at least the 2 s grace per window; the client reads the header and then nothing.
        var log = new ListLoggerFactory();
        await using StreamTestServer server = await StreamTestServer.StartAsync(minDataRate: 64 * 1024, log: log);
        using RaftClientCore core = TestServer.CreateClient(timeout: TimeSpan.FromSeconds(30));
        var client = new StreamContractClient(core);

        await using RaftStreamedAnswer<UploadAck> answer = await client.DownloadAsync(server.Address, new Ping { Id = 1UL << 40, Text = "bytes" });
        long copied = await Assert.Single(server.Service.Served).Disposed.Task.WaitAsync(Bounded);

        Assert.InRange(copied, 1, 64L * Megabyte);
        Assert.Empty(server.ObservedErrors);
        var refusal = Assert.Single(log.Entries, e => e.EventId == 101);
        // A window is at most 64 KiB (what Kestrel's pipe hands out may be less): 2 s, the grace, either way.
        System.Text.RegularExpressions.Match cutText = System.Text.RegularExpressions.Regex.Match(refusal.Message, @"^Refused POST /stream/download from 127\.0\.0\.1:\d+ with 408: The peer read the streamed answer too slowly: (\d+) bytes were not taken within 2 s \(minimum data rate 65536 B/s\); the connection was cut \(");
        Assert.True(cutText.Success, refusal.Message);
        Assert.InRange(int.Parse(cutText.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 64 * 1024);
        var counted = new StrongBox<long>();
        RaftConnectionException cut = await Assert.ThrowsAsync<RaftConnectionException>(() => ReadToEndAsync(answer.Body, counted)).WaitAsync(Bounded);
        long got = counted.Value;
        Assert.InRange(got, 0, copied);
        Assert.Contains($"the server's streamed answer broke off after {got} bytes of its body", cut.Message);
    }

    [Fact]
    public async Task The_client_span_ends_when_the_body_ends_not_when_the_header_arrives()
    {
        using var spans = new StoppedSpans();
        ConcurrentQueue<Activity> stopped = spans.Stopped;
        await using StreamTestServer server = await StreamTestServer.StartAsync();
        using RaftClientCore core = TestServer.CreateClient();
        var client = new StreamContractClient(core);
        bool Mine(Activity a) => a.Kind == ActivityKind.Client && Equals(a.GetTagItem("server.port"), server.Listener.Port);

        RaftStreamedAnswer<UploadAck> answer = await client.DownloadAsync(server.Address, new Ping { Id = Megabyte, Text = "bytes" });
        Assert.DoesNotContain(stopped, Mine);

        await answer.Body.CopyToAsync(Stream.Null);
        Activity ended = Assert.Single(stopped, Mine);
        Assert.Equal(200, ended.GetTagItem("http.response.status_code"));
        Assert.Null(ended.GetTagItem("error.type"));
        await answer.DisposeAsync();
        Assert.Single(stopped, Mine);
    }

    [Fact]
    public async Task A_unary_answer_to_a_streamed_call_is_a_protocol_error_naming_the_framing()
    {
        await using TestServer server = await TestServer.StartAsync();
        using RaftClientCore core = TestServer.CreateClient();

        RaftProtocolException error = await Assert.ThrowsAsync<RaftProtocolException>(() =>
            core.ReceiveStreamAsync(server.Address, TestServer.Ping, TestServer.NewPing(1, "x"), CancellationToken.None));

        Assert.Equal(
            $"The answer of {server.Address} to POST /test/ping is not a streamed answer: its Content-Type is 'application/changeagent+protobuf', not 'application/changeagent+protobuf; framing=length-prefixed-header'.",
            error.Message);
    }

    [Fact]
    public void The_pipeline_has_no_streamed_calls()
    {
        Assert.Null(typeof(StreamContractClient.Pipeline).GetMethod(nameof(StreamContractClient.DownloadAsync)));
        Assert.Null(typeof(StreamContractClient.Pipeline).GetMethod(nameof(StreamContractClient.UploadAsync)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Bounded, "the condition did not hold within " + Bounded);
            await Task.Delay(20);
        }
    }

    /// <summary>Reads <paramref name="body"/> to its end, counting into <paramref name="read"/> as it goes (so a read that throws leaves what came before it).</summary>
    private static async Task ReadToEndAsync(Stream body, StrongBox<long> read)
    {
        byte[] buffer = new byte[64 * 1024];
        int count;
        while ((count = await body.ReadAsync(buffer)) > 0)
        {
            read.Value += count;
        }
    }

    private static async Task<(UploadAck Header, long Bytes, string Sha)> DownloadAllAsync(StreamContractClient client, StreamTestServer server, long length)
    {
        await using RaftStreamedAnswer<UploadAck> answer = await client.DownloadAsync(server.Address, new Ping { Id = (ulong)length, Text = "bytes" });
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await answer.Body.ReadAsync(buffer).AsTask().WaitAsync(Bounded)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                total += read;
            }

            return (answer.Header, total, Convert.ToHexString(hash.GetCurrentHash()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
