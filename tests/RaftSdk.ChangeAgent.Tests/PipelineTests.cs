using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Google.Protobuf;
using RaftSdk.ChangeAgent.Protobufs;
using RaftSdk.ChangeAgent.Tests.Infrastructure;
using RaftSdk.Testing;
using RaftSdk.Tls;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.ChangeAgent.Tests;

/// <summary>
/// Ordered pipelined calls (<see cref="RaftPipeline"/> through the generated
/// <see cref="RaftClient.Pipeline"/>): against our Kestrel node, plaintext and mutual TLS, and
/// against a server that answers the way Go's net/http does. Behavioural only, never timed.
/// </summary>
public sealed class PipelineTests : IClassFixture<TestPki>
{
    // Generous: the machine running the tests may be busy; nothing here waits for it to pass.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TestPki _pki;

    public PipelineTests(TestPki pki)
    {
        _pki = pki;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Answers_come_back_in_order_from_a_go_style_server(bool chunked)
    {
        await using var server = new GoStyleHttpServer(request => Task.FromResult(Echo(request, chunked: chunked && TermOf(request) % 2 == 0)));
        using RaftClientCore core = NewCore();
        await using RaftClient.Pipeline pipeline = await new RaftClient(core).OpenPipelineAsync(server.Address, depth: 8);

        Task<AppendResponse>[] calls = Enumerable.Range(0, 100).Select(i => pipeline.AppendAsync(Append(i))).ToArray();
        AppendResponse[] answers = await Task.WhenAll(calls).WaitAsync(Patience);

        Assert.Equal(Enumerable.Range(0, 100).Select(i => (ulong)i), answers.Select(a => a.Term));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (ulong)i), server.Received.Select(TermOf));
        Assert.All(server.Received, r =>
        {
            Assert.Equal(1, r.Connection);
            Assert.Equal(("POST", "/raft/append", RaftClient.ContentType), (r.Method, r.Path, r.ContentType));
        });
        Assert.Equal(0, pipeline.Connection.InFlight);
        Assert.False(pipeline.Connection.IsBroken);
    }

    [Fact]
    public async Task Appends_reach_our_node_in_order_and_a_get_in_between_is_answered()
    {
        var raft = new OriginalTestRaft(7);
        await using ICommunication node = await Nodes.StartAsync(raft);
        using RaftClientCore core = NewCore();
        await using RaftClient.Pipeline pipeline = await new RaftClient(core).OpenPipelineAsync(node.Address(), depth: 16);

        AppendRequest template = BenchWorkload.Create(2);
        var appends = new List<Task<AppendResponse>>();
        Task<NodeId>? id = null;
        for (int i = 0; i < 200; i++)
        {
            appends.Add(pipeline.AppendAsync(template with { Term = (ulong)i, PrevLogIndex = (ulong)i }));
            if (i == 100)
            {
                id = pipeline.MyIdAsync();
            }
        }

        AppendResponse[] answers = await Task.WhenAll(appends).WaitAsync(Patience);
        Assert.Equal(new NodeId(7), await id!.WaitAsync(Patience));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (ulong)i), answers.Select(a => a.Term));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (ulong)i), raft.Appends.Select(a => a.PrevLogIndex));
        Assert.All(raft.Appends, a => Assert.Equal(template with { Term = a.Term, PrevLogIndex = a.PrevLogIndex }, a));
    }

    [Fact]
    public async Task An_oversized_append_is_refused_by_our_node_and_the_calls_behind_it_fail_with_the_closed_connection()
    {
        var raft = new OriginalTestRaft(7);
        await using ICommunication node = await Nodes.StartAsync(raft, Nodes.Loopback(maxRequestBodySize: 1000));
        using RaftClientCore core = NewCore();
        await using RaftClient.Pipeline pipeline = await new RaftClient(core).OpenPipelineAsync(node.Address(), depth: 4);

        Task<AppendResponse> before = pipeline.AppendAsync(Append(1));
        Task<AppendResponse> oversized = pipeline.AppendAsync(Append(2) with { Entries = [new Entry { Index = 1, Data = new byte[2000] }] });
        Task<AppendResponse> after = pipeline.AppendAsync(Append(3));

        Assert.Equal(1UL, (await before.WaitAsync(Patience)).Term);
        RaftStatusException refused = await Assert.ThrowsAsync<RaftStatusException>(() => oversized.WaitAsync(Patience));
        Assert.Equal(413, refused.StatusCode);
        await Assert.ThrowsAsync<RaftConnectionException>(() => after.WaitAsync(Patience));
        Assert.Equal(new ulong[] { 1 }, raft.Appends.Select(a => a.Term));
    }

    [Fact]
    public async Task Mutual_tls_pipeline_to_our_node_keeps_the_order()
    {
        var raft = new OriginalTestRaft(2);
        await using ICommunication node = await Nodes.StartSecureAsync(raft, _pki.NodeB);
        using RaftTlsCredentials tls = RaftTlsCredentials.Load(_pki.NodeA.KeyFile, _pki.NodeA.CertificateFile, _pki.NodeA.CaFile);
        using RaftClientCore core = NewCore(tls: tls);
        await using RaftClient.Pipeline pipeline = await new RaftClient(core).OpenPipelineAsync(node.Address(), depth: 16);

        AppendResponse[] answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => pipeline.AppendAsync(Append(i)))).WaitAsync(Patience);

        Assert.Equal(Enumerable.Range(0, 64).Select(i => (ulong)i), answers.Select(a => a.Term));
        Assert.Equal(Enumerable.Range(0, 64).Select(i => (ulong)i), raft.Appends.Select(a => a.Term));
    }

    [Fact]
    public async Task A_peer_that_rejects_the_client_certificate_fails_the_pipeline_with_a_connection_error()
    {
        await using ICommunication node = await Nodes.StartSecureAsync(new OriginalTestRaft(2), _pki.NodeB);
        using RaftTlsCredentials tls = RaftTlsCredentials.Load(_pki.OtherCa.KeyFile, _pki.OtherCa.CertificateFile, _pki.OtherCa.CaFile);
        using RaftClientCore core = NewCore(tls: tls);

        // With TLS 1.3 the server's refusal may arrive after the client finished its handshake: at
        // the open, or as the failure of the first call.
        RaftConnectionException error = await Assert.ThrowsAsync<RaftConnectionException>(async () =>
        {
            await using RaftClient.Pipeline pipeline = await new RaftClient(core).OpenPipelineAsync(node.Address(), depth: 4);
            await pipeline.AppendAsync(Append(1)).WaitAsync(Patience);
        });
        Assert.Equal(node.Address(), error.Address);
        Assert.Equal(RaftConnectionFailure.TlsHandshake, error.Failure);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_200_with_another_content_type_is_a_protocol_error_unless_the_check_is_off(bool check)
    {
        await using var server = new GoStyleHttpServer(request => Task.FromResult(Echo(request) with { ContentType = "application/octet-stream" }));
        using RaftClientCore core = new(new RaftClientOptions { ContentType = RaftClient.ContentType, Timeout = Patience, CheckResponseContentType = check });
        await using RaftClient.Pipeline pipeline = await new RaftClient(core).OpenPipelineAsync(server.Address, depth: 2);

        Task<AppendResponse> call = pipeline.AppendAsync(Append(4));

        if (check)
        {
            RaftProtocolException error = await Assert.ThrowsAsync<RaftProtocolException>(() => call.WaitAsync(Patience));
            Assert.Contains("Content-Type 'application/octet-stream'", error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(4UL, (await call.WaitAsync(Patience)).Term);
        }
    }

    [Fact]
    public async Task At_most_depth_requests_are_on_the_wire_and_the_rest_wait_in_order()
    {
        var gate = new SemaphoreSlim(0);
        var fourth = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fifth = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new GoStyleHttpServer(
            async request =>
            {
                await gate.WaitAsync();
                return Echo(request);
            },
            readAhead: true);
        server.OnReceived = count =>
        {
            if (count == 4)
            {
                fourth.TrySetResult();
            }

            if (count == 5)
            {
                fifth.TrySetResult();
            }
        };
        using RaftClientCore core = NewCore();
        await using RaftClient.Pipeline pipeline = await new RaftClient(core).OpenPipelineAsync(server.Address, depth: 4);

        Task<AppendResponse>[] calls = Enumerable.Range(0, 9).Select(i => pipeline.AppendAsync(Append(i))).ToArray();
        await fourth.Task.WaitAsync(Patience);
        Assert.Equal((4, 5), (pipeline.Connection.InFlight, pipeline.Connection.Queued));
        Assert.DoesNotContain(calls, c => c.IsCompleted);

        gate.Release();
        Assert.Equal(0UL, (await calls[0].WaitAsync(Patience)).Term);
        await fifth.Task.WaitAsync(Patience);
        Assert.Equal(5, server.Received.Count);

        gate.Release(8);
        AppendResponse[] answers = await Task.WhenAll(calls).WaitAsync(Patience);
        Assert.Equal(Enumerable.Range(0, 9).Select(i => (ulong)i), answers.Select(a => a.Term));
        Assert.Equal(4, server.MaxOutstanding);
    }

    [Fact]
    public async Task A_broken_connection_fails_every_outstanding_call_and_later_sends()
    {
        await using var server = new GoStyleHttpServer(request => Task.FromResult(TermOf(request) == 1 ? RawAnswer.Hangup : Echo(request)));
        using RaftClientCore core = NewCore();
        await using RaftClient.Pipeline pipeline = await new RaftClient(core).OpenPipelineAsync(server.Address, depth: 8);

        Task<AppendResponse>[] calls = Enumerable.Range(0, 5).Select(i => pipeline.AppendAsync(Append(i))).ToArray();

        Assert.Equal(0UL, (await calls[0].WaitAsync(Patience)).Term);
        foreach (Task<AppendResponse> call in calls.Skip(1))
        {
            RaftConnectionException error = await Assert.ThrowsAsync<RaftConnectionException>(() => call.WaitAsync(Patience));
            Assert.Equal(RaftConnectionFailure.ConnectionReset, error.Failure);
            Assert.Equal("/raft/append", error.Path);
        }

        Assert.True(pipeline.Connection.IsBroken);
        RaftConnectionException later = await Assert.ThrowsAsync<RaftConnectionException>(() => pipeline.AppendAsync(Append(9)).WaitAsync(Patience));
        Assert.Equal(RaftConnectionFailure.ConnectionReset, later.Failure);
    }

    [Fact]
    public async Task A_canceled_call_is_not_sent_if_queued_and_its_answer_is_dropped_if_written()
    {
        var gate = new SemaphoreSlim(0);
        var received = new SemaphoreSlim(0);
        await using var server = new GoStyleHttpServer(
            async request =>
            {
                await gate.WaitAsync();
                return Echo(request);
            },
            readAhead: true);
        server.OnReceived = _ => received.Release();
        using RaftClientCore core = NewCore();
        await using RaftClient.Pipeline pipeline = await new RaftClient(core).OpenPipelineAsync(server.Address, depth: 1);

        // Queued behind a written call, then canceled: never written.
        Task<AppendResponse> first = pipeline.AppendAsync(Append(0));
        Assert.True(await received.WaitAsync(Patience));
        using var queuedCancel = new CancellationTokenSource();
        Task<AppendResponse> queued = pipeline.AppendAsync(Append(1), queuedCancel.Token);
        Task<AppendResponse> third = pipeline.AppendAsync(Append(2));
        queuedCancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(Patience));

        gate.Release();
        Assert.Equal(0UL, (await first.WaitAsync(Patience)).Term);
        Assert.True(await received.WaitAsync(Patience));

        // Written, then canceled: the caller is released at once; its answer is read and dropped.
        using var writtenCancel = new CancellationTokenSource();
        Task<AppendResponse> written = pipeline.AppendAsync(Append(3), writtenCancel.Token);
        Task<AppendResponse> last = pipeline.AppendAsync(Append(4));
        gate.Release();
        Assert.Equal(2UL, (await third.WaitAsync(Patience)).Term);
        Assert.True(await received.WaitAsync(Patience));
        writtenCancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => written.WaitAsync(Patience));

        gate.Release(2);
        Assert.Equal(4UL, (await last.WaitAsync(Patience)).Term);
        Assert.Equal(new ulong[] { 0, 2, 3, 4 }, server.Received.Select(TermOf));
    }

    [Fact]
    public async Task A_status_error_fails_only_its_call()
    {
        await using var server = new GoStyleHttpServer(request => Task.FromResult(TermOf(request) == 1
            ? new RawAnswer(503, "Service Unavailable", "text/plain; charset=utf-8", "not now\n"u8.ToArray())
            : Echo(request)));
        using RaftClientCore core = NewCore();
        await using RaftClient.Pipeline pipeline = await new RaftClient(core).OpenPipelineAsync(server.Address, depth: 4);

        Task<AppendResponse>[] calls = Enumerable.Range(0, 3).Select(i => pipeline.AppendAsync(Append(i))).ToArray();

        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() => calls[1].WaitAsync(Patience));
        Assert.Equal((503, "not now"), (error.StatusCode, error.RemoteError));
        Assert.Equal(0UL, (await calls[0].WaitAsync(Patience)).Term);
        Assert.Equal(2UL, (await calls[2].WaitAsync(Patience)).Term);
    }

    [Fact]
    public async Task A_protobuf_error_body_gives_the_remote_error_of_the_route()
    {
        await using var server = new GoStyleHttpServer(_ => Task.FromResult(
            new RawAnswer(500, "Internal Server Error", RaftClient.ContentType, new ProposalResponsePb { NewIndex = 0, Error = "disk full" }.ToByteArray())));
        using RaftClientCore core = NewCore();
        await using RaftClient.Pipeline pipeline = await new RaftClient(core).OpenPipelineAsync(server.Address, depth: 2);

        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() => pipeline.ProposeAsync(new Entry { Index = 1 }).WaitAsync(Patience));

        Assert.Equal((500, "disk full", "POST", "/raft/propose"), (error.StatusCode, error.RemoteError, error.Method, error.Path));
        Assert.Equal("/raft/propose", server.Received.Single().Path);
    }

    [Fact]
    public async Task An_incomplete_answer_is_a_protocol_error_of_its_call()
    {
        await using var server = new GoStyleHttpServer(request => Task.FromResult(TermOf(request) == 1
            ? new RawAnswer(200, "OK", RaftClient.ContentType, new AppendResponsePb { Term = 1 }.ToByteArray())
            : Echo(request)));
        using RaftClientCore core = NewCore();
        await using RaftClient.Pipeline pipeline = await new RaftClient(core).OpenPipelineAsync(server.Address, depth: 4);

        Task<AppendResponse>[] calls = Enumerable.Range(0, 3).Select(i => pipeline.AppendAsync(Append(i))).ToArray();

        RaftProtocolException error = await Assert.ThrowsAsync<RaftProtocolException>(() => calls[1].WaitAsync(Patience));
        Assert.Contains("misses a required field", error.Message, StringComparison.Ordinal);
        Assert.Equal(2UL, (await calls[2].WaitAsync(Patience)).Term);
    }

    [Theory]
    [InlineData("HTTP/1.1 2OO OK\r\nContent-Length: 0\r\n\r\n", "status line")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 4x\r\n\r\n", "Content-Length")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "chunk")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "Transfer-Encoding")]
    public async Task A_malformed_answer_fails_its_call_as_a_protocol_error_and_the_rest_as_a_broken_connection(string answer, string named)
    {
        await using var server = new GoStyleHttpServer(request => Task.FromResult(TermOf(request) == 1
            ? new RawAnswer(0, string.Empty, string.Empty, []) { Verbatim = System.Text.Encoding.ASCII.GetBytes(answer) }
            : Echo(request)));
        using RaftClientCore core = NewCore();
        await using RaftClient.Pipeline pipeline = await new RaftClient(core).OpenPipelineAsync(server.Address, depth: 4);

        Task<AppendResponse>[] calls = Enumerable.Range(0, 3).Select(i => pipeline.AppendAsync(Append(i))).ToArray();

        Assert.Equal(0UL, (await calls[0].WaitAsync(Patience)).Term);
        RaftProtocolException error = await Assert.ThrowsAsync<RaftProtocolException>(() => calls[1].WaitAsync(Patience));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RaftConnectionException>(() => calls[2].WaitAsync(Patience));
        Assert.True(pipeline.Connection.IsBroken);
    }

    [Fact]
    public async Task An_answer_over_the_size_limit_is_a_protocol_error()
    {
        await using var server = new GoStyleHttpServer(request => Task.FromResult(
            new RawAnswer(200, "OK", RaftClient.ContentType, new byte[100], Chunked: TermOf(request) == 1)));
        using RaftClientCore core = new(new RaftClientOptions { ContentType = RaftClient.ContentType, Timeout = Patience, MaxResponseBodySize = 16 });
        await using RaftClient.Pipeline pipeline = await new RaftClient(core).OpenPipelineAsync(server.Address, depth: 1);

        RaftProtocolException error = await Assert.ThrowsAsync<RaftProtocolException>(() => pipeline.AppendAsync(Append(0)).WaitAsync(Patience));
        Assert.Contains("larger than the limit of 16 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_that_stops_answering_times_the_outstanding_calls_out()
    {
        var never = new TaskCompletionSource<RawAnswer>();
        await using var server = new GoStyleHttpServer(_ => never.Task);
        using RaftClientCore core = NewCore(timeout: TimeSpan.FromMilliseconds(300));
        await using RaftClient.Pipeline pipeline = await new RaftClient(core).OpenPipelineAsync(server.Address, depth: 2);

        Task<AppendResponse>[] calls = Enumerable.Range(0, 3).Select(i => pipeline.AppendAsync(Append(i))).ToArray();

        foreach (Task<AppendResponse> call in calls)
        {
            await Assert.ThrowsAsync<RaftTimeoutException>(() => call.WaitAsync(Patience));
        }

        never.TrySetResult(RawAnswer.Hangup);
    }

    [Fact]
    public async Task Opening_a_pipeline_to_a_closed_port_is_a_connection_refused()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using RaftClientCore core = NewCore();

        RaftConnectionException error = await Assert.ThrowsAsync<RaftConnectionException>(() => core.OpenPipelineAsync("127.0.0.1:" + port, 4));
        Assert.Equal(RaftConnectionFailure.ConnectionRefused, error.Failure);
    }

    private static RaftClientCore NewCore(RaftTlsCredentials? tls = null, TimeSpan? timeout = null) =>
        new(new RaftClientOptions { ContentType = RaftClient.ContentType, Tls = tls, Timeout = timeout ?? Patience });

    private static AppendRequest Append(int term) => new() { Term = (ulong)term, LeaderId = new NodeId(1), PrevLogIndex = (ulong)term };

    private static ulong TermOf(RawRequest request) => AppendRequestPb.Parser.ParseFrom(request.Body).Term;

    private static RawAnswer Echo(RawRequest request, bool chunked = false) =>
        new(200, "OK", RaftClient.ContentType, new AppendResponsePb { Term = TermOf(request), Success = false }.ToByteArray(), chunked);
}
