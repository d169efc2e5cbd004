using System;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Tls;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>A plaintext/TLS mismatch between two nodes is reported as such, both ways, on both client paths (issue 18, point 5).</summary>
public sealed class TlsMismatchTests(TlsFixture certificates) : IClassFixture<TlsFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_tls_client_calling_a_plaintext_node_is_told_so(bool pipelined)
    {
        await using TestServer server = await TestServer.StartAsync();
        using RaftTlsCredentials clientTls = certificates.Client.LoadCredentials();
        using RaftClientCore client = TestServer.CreateClient(clientTls);

        RaftConnectionException error = await Assert.ThrowsAsync<RaftConnectionException>(() => CallAsync(client, server.Address, pipelined));

        string path = pipelined ? "(pipeline connect)" : "/test/ping";
        Assert.Equal(RaftConnectionFailure.TlsHandshake, error.Failure);
        Assert.Equal(
            $"Cannot call {path} on {server.Address}: TLS handshake failed ({server.Address} answered the TLS handshake in plaintext HTTP ('HTTP/1.1 400 Bad Request'): it is not a TLS node, and this client uses TLS (RaftClientOptions.Tls is set))",
            error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_plaintext_client_calling_a_tls_node_is_told_so(bool pipelined)
    {
        using RaftTlsCredentials serverTls = certificates.Server.LoadCredentials();
        await using TestServer server = await TestServer.StartAsync(serverTls);
        using RaftClientCore client = TestServer.CreateClient();

        RaftConnectionException error = await Assert.ThrowsAsync<RaftConnectionException>(() => CallAsync(client, server.Address, pipelined));

        Assert.Equal(RaftConnectionFailure.TlsHandshake, error.Failure);
        Assert.Equal(
            $"Cannot call /test/ping on {server.Address}: TLS handshake failed ({server.Address} is a TLS node and this client speaks plaintext (RaftClientOptions.Tls is not set); it answered: Client sent an HTTP request to an HTTPS server.)",
            error.Message);
        Assert.Empty(server.Service.ConnectionIds);
    }

    [Fact]
    public async Task A_tls_node_answers_a_plaintext_request_as_go_does()
    {
        using RaftTlsCredentials serverTls = certificates.Server.LoadCredentials();
        await using TestServer server = await TestServer.StartAsync(serverTls);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", server.Listener.Port);

        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /test/id HTTP/1.1\r\nHost: x\r\n\r\n"));
        byte[] buffer = new byte[1024];
        int length = 0;
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int read;
        while ((read = await socket.ReceiveAsync(buffer.AsMemory(length), patience.Token)) > 0)
        {
            length += read;
        }

        // Byte for byte what Go's net/http writes before it closes the connection.
        Assert.Equal("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n", Encoding.ASCII.GetString(buffer, 0, length));
    }

    [Fact]
    public async Task A_connection_that_sends_nothing_to_a_tls_node_is_closed_as_a_silent_handshake_is()
    {
        // Telling plaintext from TLS waits for the first bytes; no longer than a handshake may take (10 s).
        using RaftTlsCredentials serverTls = certificates.Server.LoadCredentials();
        await using TestServer server = await TestServer.StartAsync(serverTls);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", server.Listener.Port);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        int read;
        try
        {
            read = await socket.ReceiveAsync(new byte[16], patience.Token);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            read = 0;
        }

        Assert.Equal(0, read);
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
