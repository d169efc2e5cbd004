using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Runtime.Tests.Protos;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

public sealed class ClientFailureTests
{
    // How long a fake peer may take to see the client go, or a call to end: generous, because a
    // loaded machine stretches both by seconds and only a hang should fail.
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ConnectionRefusedIsAConnectionException()
    {
        int port = FreePort();
        using RaftClientCore client = TestServer.CreateClient();
        string address = "127.0.0.1:" + port;

        RaftConnectionException error = await Assert.ThrowsAsync<RaftConnectionException>(() =>
            client.SendAsync(address, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None));

        Assert.Equal(RaftConnectionFailure.ConnectionRefused, error.Failure);
        Assert.Equal(address, error.Address);
        Assert.Equal("/test/ping", error.Path);
        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task ServerThatNeverAnswersIsATimeout()
    {
        await using TestServer server = await TestServer.StartAsync();
        TimeSpan timeout = TimeSpan.FromMilliseconds(300);
        using RaftClientCore client = TestServer.CreateClient(timeout: timeout);
        var clock = Stopwatch.StartNew();

        RaftTimeoutException error = await Assert.ThrowsAsync<RaftTimeoutException>(() =>
            client.SendAsync(server.Address, TestServer.Hang, TestServer.NewPing(1), CancellationToken.None));

        Assert.Equal(timeout, error.Timeout);
        Assert.Contains("300 ms", error.Message, StringComparison.Ordinal);
        Assert.Equal("/test/hang", error.Path);
        // .NET's timers may fire a millisecond or so early against a Stopwatch (seen: 298.8 ms). The
        // upper bound only tells a timeout from a hang: a loaded machine may take seconds past 300 ms.
        Assert.InRange(clock.Elapsed, timeout - TimeSpan.FromMilliseconds(20), Bounded);
    }

    [Fact]
    public async Task ServerThatStopsMidBodyIsATimeoutNotAHang()
    {
        // Accepts, reads the request, sends headers that promise more body than ever comes.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task serve = Task.Run(async () =>
        {
            using TcpClient peer = await listener.AcceptTcpClientAsync();
            NetworkStream stream = peer.GetStream();
            byte[] buffer = new byte[4096];
            _ = await stream.ReadAsync(buffer);
            byte[] head = System.Text.Encoding.ASCII.GetBytes(
                "HTTP/1.1 200 OK\r\nContent-Type: application/changeagent+protobuf\r\nContent-Length: 100\r\n\r\n\x08\x01");
            await stream.WriteAsync(head);
            _ = await stream.ReadAsync(buffer); // until the client gives up
        });
        using RaftClientCore client = TestServer.CreateClient(timeout: TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAsync<RaftTimeoutException>(() =>
            client.SendAsync("127.0.0.1:" + port, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None));
        await serve.WaitAsync(Bounded);
    }

    [Fact]
    public async Task CallerCancellationPropagatesAsOperationCanceled()
    {
        await using TestServer server = await TestServer.StartAsync();
        using RaftClientCore client = TestServer.CreateClient(timeout: TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        OperationCanceledException error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.SendAsync(server.Address, TestServer.Hang, TestServer.NewPing(1), cancel.Token));

        Assert.Equal(cancel.Token, error.CancellationToken);
    }

    [Fact]
    public async Task AlreadyCanceledTokenThrowsAtOnce()
    {
        using RaftClientCore client = TestServer.CreateClient();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.SendAsync("127.0.0.1:1", TestServer.Ping, TestServer.NewPing(1), new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task ResponseMissingARequiredFieldIsAProtocolError()
    {
        await using TestServer server = await TestServer.StartAsync();
        using RaftClientCore client = TestServer.CreateClient();

        RaftProtocolException error = await Assert.ThrowsAsync<RaftProtocolException>(() =>
            client.SendAsync(server.Address, TestServer.Broken, TestServer.NewPing(1), CancellationToken.None));

        Assert.Contains("is a Pong that misses a required field", error.Message, StringComparison.Ordinal);
        Assert.Contains("misses a required field", error.Message, StringComparison.Ordinal);
        Assert.Equal("/test/broken", error.Path);
    }

    [Fact]
    public async Task InvalidResponseBodyIsAProtocolError()
    {
        await using RaftSdk.Hosting.RaftListener peer = await ForeignPeer.StartAsync(
            context => ForeignPeer.AnswerAsync(context, 200, TestServer.ContentType, [0x0A, 0xFF, 0xFF, 0xFF]));
        using RaftClientCore client = TestServer.CreateClient();

        RaftProtocolException error = await Assert.ThrowsAsync<RaftProtocolException>(() =>
            client.SendAsync("127.0.0.1:" + peer.Port, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None));

        Assert.Contains("is not a valid Pong", error.Message, StringComparison.Ordinal);
        Assert.IsType<RaftSdk.Mapping.ProtoReadException>(error.InnerException);
    }

    [Fact]
    public async Task ResponseOverTheSizeLimitIsAProtocolError()
    {
        await using TestServer server = await TestServer.StartAsync();
        using RaftClientCore client = TestServer.CreateClient(maxResponseBodySize: 64);

        Pong small = await client.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing(1, "short"), CancellationToken.None);
        RaftProtocolException error = await Assert.ThrowsAsync<RaftProtocolException>(() =>
            client.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing(1, new string('x', 100)), CancellationToken.None));

        Assert.Equal("short", small.Text);
        Assert.Contains("larger than the limit of 64 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChunkedResponseOverTheSizeLimitIsAProtocolError()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task serve = Task.Run(async () =>
        {
            using TcpClient peer = await listener.AcceptTcpClientAsync();
            NetworkStream stream = peer.GetStream();
            _ = await stream.ReadAsync(new byte[4096]);
            string chunk = "12\r\n" + "\x12\x10" + new string('y', 16) + "\r\n";
            byte[] answer = System.Text.Encoding.ASCII.GetBytes(
                "HTTP/1.1 200 OK\r\nContent-Type: application/changeagent+protobuf\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\n\x08\x01\r\n" + chunk + chunk + chunk + chunk + "0\r\n\r\n");
            await stream.WriteAsync(answer);
        });
        using RaftClientCore client = TestServer.CreateClient(maxResponseBodySize: 64);

        RaftProtocolException error = await Assert.ThrowsAsync<RaftProtocolException>(() =>
            client.SendAsync("127.0.0.1:" + port, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None));

        Assert.Contains("larger than the limit", error.Message, StringComparison.Ordinal);
        await serve.WaitAsync(Bounded);
    }

    [Fact]
    public async Task ChunkedResponseWithinTheLimitIsParsed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task serve = Task.Run(async () =>
        {
            using TcpClient peer = await listener.AcceptTcpClientAsync();
            NetworkStream stream = peer.GetStream();
            _ = await stream.ReadAsync(new byte[4096]);
            byte[] answer = System.Text.Encoding.ASCII.GetBytes(
                "HTTP/1.1 200 OK\r\nContent-Type: application/changeagent+protobuf\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\n\x08\x07\r\n4\r\n\x12\x02hi\r\n0\r\n\r\n");
            await stream.WriteAsync(answer);
        });
        using RaftClientCore client = TestServer.CreateClient();

        Pong pong = await client.SendAsync("127.0.0.1:" + port, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None);

        Assert.Equal(7UL, pong.Id);
        Assert.Equal("hi", pong.Text);
        await serve.WaitAsync(Bounded);
    }

    [Fact]
    public async Task ConnectionClosedWithoutAnswerIsAConnectionException()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task serve = Task.Run(async () =>
        {
            using TcpClient peer = await listener.AcceptTcpClientAsync();
            _ = await peer.GetStream().ReadAsync(new byte[4096]);
        });
        using RaftClientCore client = TestServer.CreateClient();

        RaftConnectionException error = await Assert.ThrowsAsync<RaftConnectionException>(() =>
            client.SendAsync("127.0.0.1:" + port, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None));

        Assert.Equal(RaftConnectionFailure.ConnectionReset, error.Failure);
        await serve.WaitAsync(Bounded);
    }

    [Fact]
    public async Task NonHttpAnswerIsAProtocolError()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task serve = Task.Run(async () =>
        {
            using TcpClient peer = await listener.AcceptTcpClientAsync();
            NetworkStream stream = peer.GetStream();
            _ = await stream.ReadAsync(new byte[4096]);
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes("SSH-2.0-OpenSSH_9.2\r\n\r\n"));
        });
        using RaftClientCore client = TestServer.CreateClient();

        await Assert.ThrowsAsync<RaftProtocolException>(() =>
            client.SendAsync("127.0.0.1:" + port, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None));
        await serve.WaitAsync(Bounded);
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
