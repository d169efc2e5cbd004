using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Tls;
using RaftSdk.Mapping;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// Streamed request bodies over real Kestrel on 127.0.0.1 through the generated client and
/// dispatcher of <see cref="IStreamContract"/>: a body far above the server's body limit goes
/// through whole (checksum on both sides), plain and with mutual TLS, chunked and with a
/// Content-Length; cancellation reaches the handler; a handler that fails mid-body and a sender
/// below the minimum data rate are answered with clear errors.
/// </summary>
public sealed class StreamedBodyTests(TlsFixture certificates) : IClassFixture<TlsFixture>
{
    private const int Megabyte = 1024 * 1024;
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task A_body_8192_times_the_servers_body_limit_arrives_whole(bool tls, bool seekable)
    {
        using RaftTlsCredentials? serverTls = tls ? certificates.Server.LoadCredentials() : null;
        using RaftTlsCredentials? clientTls = tls ? certificates.Client.LoadCredentials() : null;
        await using StreamTestServer server = await StreamTestServer.StartAsync(serverTls);
        using RaftClientCore core = TestServer.CreateClient(clientTls);
        var client = new StreamContractClient(core);
        long length = 8L * Megabyte;
        using var body = new GeneratedStream(length, seed: 7, seekable: seekable);

        UploadAck ack = await client.UploadAsync(server.Address, new Ping { Id = 1, Text = "hash" }, body, CancellationToken.None);

        Assert.Equal((ulong)length, ack.Bytes);
        Assert.Equal(Convert.ToHexString(body.Sha256()), Convert.ToHexString(ack.Sha256));
        Assert.Null(ack.Error);
        var request = Assert.Single(server.Requests);
        Assert.Equal("application/changeagent+protobuf; framing=length-prefixed-header", request.ContentType);
        int headerBytes = ((RaftSdk.Mapping.IProtoWritable)new Ping { Id = 1, Text = "hash" }).CalculateProtoSize();
        Assert.Equal(seekable ? 1 + headerBytes + length : null, request.ContentLength);
        Assert.Equal(seekable ? string.Empty : "chunked", request.TransferEncoding);
        Assert.Empty(server.ObservedErrors);
    }

    [Fact]
    public async Task The_budget_holds_the_header_and_one_window_not_the_body()
    {
        // 128 KiB for every call in flight: an 8 MiB body charged whole would be refused (503).
        await using StreamTestServer server = await StreamTestServer.StartAsync(budget: 128 * 1024);
        using RaftClientCore core = TestServer.CreateClient();
        var client = new StreamContractClient(core);
        using var body = new GeneratedStream(8L * Megabyte, seed: 3);

        UploadAck ack = await client.UploadAsync(server.Address, new Ping { Id = 1, Text = "hash" }, body, CancellationToken.None);

        Assert.Equal(8UL * Megabyte, ack.Bytes);
        Assert.Equal(Convert.ToHexString(body.Sha256()), Convert.ToHexString(ack.Sha256));
    }

    [Fact]
    public async Task A_second_upload_that_the_budget_cannot_hold_a_window_for_is_refused_503_until_the_first_is_gone()
    {
        // 100 KiB: one call's header and 64 KiB window fit, two do not.
        await using StreamTestServer server = await StreamTestServer.StartAsync(budget: 100 * 1024, budgetWait: TimeSpan.FromSeconds(2));
        using RaftClientCore core = TestServer.CreateClient();
        var client = new StreamContractClient(core);
        using var first = new GeneratedStream(long.MaxValue);
        using var cancel = new CancellationTokenSource();
        Task<UploadAck> holding = client.UploadAsync(server.Address, new Ping { Id = Megabyte, Text = "slow" }, first, cancel.Token);
        await Task.WhenAny(server.Service.Started.Task, holding).WaitAsync(Bounded);
        Assert.False(holding.IsCompleted, holding.Exception?.ToString());

        using var second = new GeneratedStream(Megabyte);
        RaftStatusException refused = await Assert.ThrowsAsync<RaftStatusException>(() =>
            client.UploadAsync(server.Address, new Ping { Id = 2, Text = "hash" }, second, CancellationToken.None).WaitAsync(Bounded));

        Assert.Equal(503, refused.StatusCode);
        Assert.Contains("Server busy: requests in flight hold the memory budget of 102400 bytes", refused.Message);
        Assert.Equal(0, second.Sent); // refused before 100 Continue: the body was never read

        // Once the first call is gone its window is given back.
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => holding.WaitAsync(Bounded));
        await server.Service.SlowReadEnded.Task.WaitAsync(Bounded);
        using var third = new GeneratedStream(Megabyte, seed: 5);
        UploadAck ack = await client.UploadAsync(server.Address, new Ping { Id = 3, Text = "hash" }, third, CancellationToken.None).WaitAsync(Bounded);
        Assert.Equal((ulong)Megabyte, ack.Bytes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Client_cancel_mid_body_fails_the_handlers_next_read_never_a_clean_end(bool seekable)
    {
        await using StreamTestServer server = await StreamTestServer.StartAsync();
        using RaftClientCore core = TestServer.CreateClient();
        var client = new StreamContractClient(core);
        // Chunked, or a Content-Length of 1 TiB.
        using var body = new GeneratedStream(seekable ? 1L << 40 : long.MaxValue, seekable: seekable);
        using var cancel = new CancellationTokenSource();

        Task<UploadAck> call = client.UploadAsync(server.Address, new Ping { Id = Megabyte, Text = "slow" }, body, cancel.Token);
        await Task.WhenAny(server.Service.Started.Task, call).WaitAsync(Bounded);
        Assert.False(call.IsCompleted, call.Exception?.ToString());
        Assert.Equal(Megabyte, await server.Service.Started.Task);
        cancel.Cancel();

        OperationCanceledException canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Bounded));
        Assert.Equal(cancel.Token, canceled.CancellationToken);

        // A body cut short must never read as a whole one: the handler's read fails.
        Exception? ended = await server.Service.SlowReadEnded.Task.WaitAsync(Bounded);
        Assert.NotNull(ended);
        Assert.True(ended is IOException or OperationCanceledException, ended.ToString());
    }

    [Fact]
    public async Task Handler_failing_mid_body_answers_its_error_status_and_text()
    {
        await using StreamTestServer server = await StreamTestServer.StartAsync();
        using RaftClientCore core = TestServer.CreateClient();
        var client = new StreamContractClient(core);
        // The body is held after the megabyte the handler reads until the handler has failed, so it
        // is still coming then whatever the load. Kestrel drains the rest before the client reads
        // the answer, for at most 5 s and then it resets the connection: the rest is one more
        // megabyte, not 63 (which a loaded machine did not always send within those 5 s).
        using var body = new GeneratedStream(2L * Megabyte, hold: (Megabyte, server.Service.Failing.Task));

        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() =>
            client.UploadAsync(server.Address, new Ping { Id = Megabyte, Text = "fail" }, body, CancellationToken.None).WaitAsync(Bounded));

        Assert.Equal(500, error.StatusCode);
        Assert.Equal($"{StreamService.FailText} after {Megabyte} bytes", error.RemoteError);
        Assert.Equal(2L * Megabyte, body.Sent);
        InvalidOperationException observed = Assert.IsType<InvalidOperationException>(Assert.Single(server.ObservedErrors));
        Assert.Equal(error.RemoteError, observed.Message);
    }

    [Fact]
    public async Task A_sender_below_the_minimum_data_rate_is_cut_with_408()
    {
        // 64 KiB/s after a 2 s grace; the sender trickles 100 bytes every 50 ms (2 KB/s) forever.
        var log = new ListLoggerFactory();
        await using StreamTestServer server = await StreamTestServer.StartAsync(minDataRate: 64 * 1024, log: log);
        using RaftClientCore core = TestServer.CreateClient();
        var client = new StreamContractClient(core);
        using var body = new GeneratedStream(long.MaxValue, chunk: 100, pause: TimeSpan.FromMilliseconds(50));

        // The server answers 408 and closes while the client is still sending: HttpClient reports
        // the broken send, not the answer (see docs/architecture.md, "Streamed bodies").
        RaftConnectionException error = await Assert.ThrowsAsync<RaftConnectionException>(() =>
            client.UploadAsync(server.Address, new Ping { Id = 1, Text = "hash" }, body, CancellationToken.None).WaitAsync(Bounded));

        Assert.Equal("/stream/upload", error.Path);
        Assert.Equal(RaftConnectionFailure.ConnectionReset, error.Failure);
        Assert.Matches(@"^Cannot call /stream/upload on 127\.0\.0\.1:\d+: connection reset or closed by the peer \(the peer closed the connection after \d+ bytes of the streamed body: it refused the body \(too slow for its minimum data rate, for example\) or its handler failed, and its log says which\)$", error.Message);
        var refusal = Assert.Single(log.Entries, e => e.EventId == 101);
        Assert.Matches(@"^Refused POST /stream/upload from 127\.0\.0\.1:\d+ with 408: The request body arrived too slowly: ", refusal.Message);
        Assert.InRange(body.Sent, 1, 64 * 1024);
    }

    /// <summary>
    /// A streamed request waits for the server's go-ahead (<c>Expect: 100-continue</c>; Kestrel sends
    /// 100 Continue when the handler first reads the body): a refusal known from the headers
    /// arrives whole, with its status and text, and not a byte of the body was read from the
    /// caller's stream (a 1 GiB one).
    /// </summary>
    [Theory]
    [InlineData("/stream/nowhere", 404, "404 page not found")]
    [InlineData("/test/ping", 415, "Content-Type must be exactly application/changeagent+protobuf")]
    public async Task A_refusal_known_from_the_headers_arrives_before_a_byte_of_the_body_is_sent(string path, int status, string text)
    {
        await using StreamTestServer streams = await StreamTestServer.StartAsync();
        await using TestServer unary = await TestServer.StartAsync();
        string address = path == "/test/ping" ? unary.Address : streams.Address;
        using RaftClientCore core = TestServer.CreateClient();
        var method = new RaftMethod<Ping, UploadAck>("POST", path, UploadAck.ReadProto);
        using var body = new GeneratedStream(1L << 30);

        RaftStatusException refused = await Assert.ThrowsAsync<RaftStatusException>(() =>
            core.SendStreamAsync(address, method, new Ping { Id = 1, Text = "hash" }, body, CancellationToken.None).WaitAsync(Bounded));

        Assert.Equal(status, refused.StatusCode);
        Assert.Equal(text, refused.RemoteError);
        Assert.Equal(0, body.Sent);
    }

    [Fact]
    public async Task A_unary_body_on_a_streamed_route_is_refused_415_naming_the_framing()
    {
        await using StreamTestServer server = await StreamTestServer.StartAsync();
        using RaftClientCore core = TestServer.CreateClient();
        var unary = new RaftMethod<Ping, UploadAck>("POST", "/stream/upload", UploadAck.ReadProto);

        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() =>
            core.SendAsync(server.Address, unary, new Ping { Id = 1, Text = "hash" }, CancellationToken.None));

        Assert.Equal(415, error.StatusCode);
        Assert.Contains("Content-Type must be exactly application/changeagent+protobuf; framing=length-prefixed-header", error.Message);
    }

    [Fact]
    public async Task A_header_over_the_body_limit_is_refused_413()
    {
        await using StreamTestServer server = await StreamTestServer.StartAsync();
        using RaftClientCore core = TestServer.CreateClient();
        var client = new StreamContractClient(core);
        using var body = new GeneratedStream(Megabyte);
        var header = new Ping { Id = 1, Text = "hash", Blobs = [new byte[TestServer.MaxRequestBodySize]] };

        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() =>
            client.UploadAsync(server.Address, header, body, CancellationToken.None));

        Assert.Equal(413, error.StatusCode);
        Assert.Contains($"Request header larger than the limit of {TestServer.MaxRequestBodySize} bytes", error.Message);
    }

    [Fact]
    public async Task A_handler_that_stops_reading_makes_the_client_time_out_after_its_timeout_without_progress()
    {
        await using StreamTestServer server = await StreamTestServer.StartAsync();
        using RaftClientCore core = TestServer.CreateClient(timeout: TimeSpan.FromSeconds(2));
        var client = new StreamContractClient(core);
        using var body = new GeneratedStream(long.MaxValue);

        RaftTimeoutException error = await Assert.ThrowsAsync<RaftTimeoutException>(() =>
            client.UploadAsync(server.Address, new Ping { Id = 1, Text = "stall" }, body, CancellationToken.None).WaitAsync(Bounded));

        Assert.Equal("/stream/upload", error.Path);
        Assert.Equal(0, await server.Service.Started.Task);
    }

    [Fact]
    public async Task A_source_stream_that_fails_fails_the_call_with_its_own_exception()
    {
        await using StreamTestServer server = await StreamTestServer.StartAsync();
        using RaftClientCore core = TestServer.CreateClient();
        var client = new StreamContractClient(core);
        using var body = new FailingStream();

        IOException error = await Assert.ThrowsAsync<IOException>(() =>
            client.UploadAsync(server.Address, new Ping { Id = 1, Text = "hash" }, body, CancellationToken.None).WaitAsync(Bounded));

        Assert.Equal(FailingStream.Text, error.Message);
    }

    /// <summary>A source whose first read fails, as a file on a broken disk would.</summary>
    private sealed class FailingStream : Stream
    {
        public const string Text = "disk read error at sector 42";

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new IOException(Text);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new IOException(Text);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
