using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Server;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// What a peer answers is judged the same way on both client paths, a call through the pooled
/// handler and a call on a pipeline (issue 22, point 1; issue 18, point 5): refusal and error bodies
/// read up to one small bound, strict HTTP/1.1 framing, answers decoded under the field cap.
/// </summary>
public sealed class AnswerClassificationTests
{
    private const string ProtobufHead = "HTTP/1.1 200 OK\r\nContent-Type: application/changeagent+protobuf\r\n";

    // More than any bound the client reads, then nothing: a client that waits for it times out.
    private static readonly string Padding = new(' ', 8192);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_refusal_is_reported_from_the_start_of_a_body_that_never_ends(bool pipelined)
    {
        await using var peer = new CannedPeer(
            "HTTP/1.1 403 Forbidden\r\nRaftSdk-Refusal: client-certificate\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 209715200\r\n\r\n"
            + "TLS client certificate refused: the certificate expired\n" + Padding);
        using RaftClientCore client = TestServer.CreateClient(timeout: TimeSpan.FromSeconds(20));

        RaftConnectionException error = await Assert.ThrowsAsync<RaftConnectionException>(() => CallAsync(client, peer.Address, pipelined));

        Assert.Equal(RaftConnectionFailure.TlsHandshake, error.Failure);
        Assert.Equal(
            $"Cannot call /test/ping on {peer.Address}: TLS handshake failed (The server refused this node's TLS certificate: the certificate expired)",
            error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_error_text_is_read_from_the_start_of_a_large_body(bool pipelined)
    {
        await using var peer = new CannedPeer(
            "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 1048576\r\n\r\n"
            + "append failed: disk full\n" + Padding);
        using RaftClientCore client = TestServer.CreateClient(timeout: TimeSpan.FromSeconds(20));

        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() => CallAsync(client, peer.Address, pipelined));

        Assert.Equal((500, "append failed: disk full"), (error.StatusCode, error.RemoteError));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Transfer_encoding_beside_content_length_is_a_protocol_error(bool pipelined)
    {
        await using var peer = new CannedPeer(ProtobufHead + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n\x08\x01\r\n0\r\n\r\n");
        using RaftClientCore client = TestServer.CreateClient();

        RaftProtocolException error = await Assert.ThrowsAsync<RaftProtocolException>(() => CallAsync(client, peer.Address, pipelined));

        Assert.Equal(
            $"The answer of {peer.Address} to POST /test/ping is not valid HTTP/1.1: it has both Transfer-Encoding and Content-Length.",
            error.Message);
    }

    [Theory]
    [InlineData(false, "gzip, chunked")]
    [InlineData(true, "gzip, chunked")]
    [InlineData(false, "chunked, chunked")]
    [InlineData(true, "chunked, chunked")]
    public async Task A_transfer_coding_other_than_chunked_is_a_protocol_error(bool pipelined, string coding)
    {
        await using var peer = new CannedPeer(ProtobufHead + "Transfer-Encoding: " + coding + "\r\n\r\n2\r\n\x08\x01\r\n0\r\n\r\n");
        using RaftClientCore client = TestServer.CreateClient();

        RaftProtocolException error = await Assert.ThrowsAsync<RaftProtocolException>(() => CallAsync(client, peer.Address, pipelined));

        Assert.Equal(
            $"The answer of {peer.Address} to POST /test/ping is not valid HTTP/1.1: it has the Transfer-Encoding '{coding}' (only 'chunked' is understood).",
            error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_answer_over_the_field_cap_of_requests_is_a_protocol_error(bool pipelined)
    {
        // The id, then one empty tag more than the cap allows: 8 MiB, under the size limit.
        long cap = RaftServerOptions.DefaultMaxDecodedFields;
        byte[] body = new byte[2 + (2 * cap)];
        body[0] = 0x08;
        body[1] = 0x01;
        for (long i = 2; i < body.Length; i += 2)
        {
            body[i] = 0x1A;
        }

        byte[] head = Encoding.ASCII.GetBytes(ProtobufHead + "Content-Length: " + body.Length + "\r\n\r\n");
        await using var peer = new CannedPeer(_ => [.. head, .. body]);
        using RaftClientCore client = TestServer.CreateClient(timeout: TimeSpan.FromSeconds(60));

        RaftProtocolException error = await Assert.ThrowsAsync<RaftProtocolException>(() => CallAsync(client, peer.Address, pipelined));

        Assert.Equal(
            $"The answer of {peer.Address} to POST /test/ping decodes to more than the limit of {cap} fields (RaftClientOptions.MaxDecodedFields).",
            error.Message);
    }

    private static async Task<Pong> CallAsync(RaftClientCore client, string address, bool pipelined)
    {
        if (!pipelined)
        {
            return await client.SendAsync(address, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None);
        }

        await using RaftPipeline pipeline = await client.OpenPipelineAsync(address, depth: 4);
        return await pipeline.SendAsync(TestServer.Ping, TestServer.NewPing(1));
    }
}
