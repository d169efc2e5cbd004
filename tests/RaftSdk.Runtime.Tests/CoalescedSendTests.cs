using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Hosting;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Server;
using RaftSdk.Tls;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// A unary request's head and body reach the socket in one write (issue 22, point 6): the pooled
/// handler buffers 4 KiB, so a larger body went out as two sends (two syscalls, two segments the
/// peer wakes for). Seen on the socket stream under the client's connections, plaintext and below TLS.
/// </summary>
public sealed class CoalescedSendTests(TlsFixture certificates) : IClassFixture<TlsFixture>
{
    [Theory]
    [InlineData(false, 10_000)]
    [InlineData(true, 10_000)]
    [InlineData(false, 60_000)]
    [InlineData(true, 60_000)]
    public async Task A_body_larger_than_the_handlers_buffer_goes_out_with_its_head_in_one_write(bool tls, int blobBytes)
    {
        using RaftTlsCredentials? serverTls = tls ? certificates.Server.LoadCredentials() : null;
        using RaftTlsCredentials? clientTls = tls ? certificates.Client.LoadCredentials() : null;
        await using RaftListener listener = await StartNodeAsync(serverTls);
        string address = "127.0.0.1:" + listener.Port;
        var writes = new ConcurrentQueue<int>();
        using RaftClientCore client = CreateClient(clientTls, writes);

        // The first call opens the connection (and runs the handshake): counted from after it.
        Assert.Equal(1UL, (await client.SendAsync(address, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None)).Id);
        writes.Clear();

        for (ulong id = 2; id <= 4; id++)
        {
            Ping ping = TestServer.NewPing(id) with { Blobs = [new byte[blobBytes]] };
            Pong pong = await client.SendAsync(address, TestServer.Ping, ping, CancellationToken.None);

            Assert.Equal(id, pong.Id);
            Assert.Equal(blobBytes, pong.BlobBytes);
            int write = Assert.Single(writes);
            Assert.InRange(write, blobBytes + 100, blobBytes + 1000);
            writes.Clear();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_small_request_and_a_GET_are_still_one_write_each(bool tls)
    {
        using RaftTlsCredentials? serverTls = tls ? certificates.Server.LoadCredentials() : null;
        using RaftTlsCredentials? clientTls = tls ? certificates.Client.LoadCredentials() : null;
        await using RaftListener listener = await StartNodeAsync(serverTls);
        string address = "127.0.0.1:" + listener.Port;
        var writes = new ConcurrentQueue<int>();
        using RaftClientCore client = CreateClient(clientTls, writes);
        Assert.Equal(1UL, (await client.SendAsync(address, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None)).Id);
        writes.Clear();

        Assert.Equal(2UL, (await client.SendAsync(address, TestServer.Ping, TestServer.NewPing(2, "small"), CancellationToken.None)).Id);
        Assert.Single(writes);
        writes.Clear();
        Assert.Equal(1UL, (await client.SendAsync(address, TestServer.Id, default, CancellationToken.None)).Id);
        Assert.Single(writes);
    }

    [Fact]
    public async Task A_body_above_the_expect_continue_size_is_not_held()
    {
        await using RaftListener listener = await StartNodeAsync(null);
        string address = "127.0.0.1:" + listener.Port;
        var writes = new ConcurrentQueue<int>();
        using RaftClientCore client = CreateClient(null, writes);
        Assert.Equal(1UL, (await client.SendAsync(address, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None)).Id);
        writes.Clear();

        int blobBytes = RaftClientCore.ExpectContinueAbove + 1;
        Pong pong = await client.SendAsync(address, TestServer.Ping, TestServer.NewPing(2) with { Blobs = [new byte[blobBytes]] }, CancellationToken.None);

        // The head waits for the go-ahead on its own; the body follows in writes of its own.
        Assert.Equal(blobBytes, pong.BlobBytes);
        Assert.True(writes.Count >= 2, $"{writes.Count} writes");
        Assert.True(writes.First() < 1000, $"first write {writes.First()} bytes");
    }

    private static RaftClientCore CreateClient(RaftTlsCredentials? tls, ConcurrentQueue<int> writes)
    {
        var options = new RaftClientOptions { ContentType = TestServer.ContentType, Tls = tls, Timeout = TimeSpan.FromSeconds(30) };
        return new RaftClientCore(options, RaftHttpHandlerFactory.Create(options, new ConcurrentDictionary<string, FirstBytesStream>(), socket => new WriteCountingStream(socket, writes)));
    }

    private static Task<RaftListener> StartNodeAsync(RaftTlsCredentials? tls)
    {
        var options = new RaftServerOptions { ContentType = TestServer.ContentType };
        var endpoint = new RaftEndpoint<ITestContract>(TestServer.Routes, options, () => new TestService());
        return RaftListener.StartAsync(endpoint.HandleAsync, new RaftListenerOptions { BindAddress = IPAddress.Loopback, Tls = tls });
    }

    /// <summary>The socket's stream, recording the size of every write made to it.</summary>
    private sealed class WriteCountingStream(Stream inner, ConcurrentQueue<int> writes) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            writes.Enqueue(buffer.Length);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            writes.Enqueue(count);
            inner.Write(buffer, offset, count);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
