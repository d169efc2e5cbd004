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
        await using Node node = await Node.StartAsync(tls ? certificates : null);

        for (ulong id = 2; id <= 4; id++)
        {
            Ping ping = TestServer.NewPing(id) with { Blobs = [new byte[blobBytes]] };
            Pong pong = await node.Client.SendAsync(node.Address, TestServer.Ping, ping, CancellationToken.None);

            Assert.Equal(id, pong.Id);
            Assert.Equal(blobBytes, pong.BlobBytes);
            int write = Assert.Single(node.Writes);
            Assert.InRange(write, blobBytes + 100, blobBytes + 1000);
            node.Writes.Clear();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_small_request_and_a_GET_are_still_one_write_each(bool tls)
    {
        await using Node node = await Node.StartAsync(tls ? certificates : null);

        Assert.Equal(2UL, (await node.Client.SendAsync(node.Address, TestServer.Ping, TestServer.NewPing(2, "small"), CancellationToken.None)).Id);
        Assert.Single(node.Writes);
        node.Writes.Clear();
        Assert.Equal(1UL, (await node.Client.SendAsync(node.Address, TestServer.Id, default, CancellationToken.None)).Id);
        Assert.Single(node.Writes);
    }

    [Fact]
    public async Task A_body_above_the_expect_continue_size_is_not_held()
    {
        await using Node node = await Node.StartAsync(null);

        int blobBytes = RaftClientCore.ExpectContinueAbove + 1;
        Pong pong = await node.Client.SendAsync(node.Address, TestServer.Ping, TestServer.NewPing(2) with { Blobs = [new byte[blobBytes]] }, CancellationToken.None);

        // The head waits for the go-ahead on its own; the body follows in writes of its own.
        Assert.Equal(blobBytes, pong.BlobBytes);
        Assert.True(node.Writes.Count >= 2, $"{node.Writes.Count} writes");
        Assert.True(node.Writes.First() < 1000, $"first write {node.Writes.First()} bytes");
    }

    /// <summary>
    /// A node with the default server settings and a client whose socket writes are recorded,
    /// counted from after a first call (which opened the connection and ran the handshake).
    /// </summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly RaftTlsCredentials? _serverTls;
        private readonly RaftTlsCredentials? _clientTls;
        private readonly RaftListener _listener;

        private Node(RaftTlsCredentials? serverTls, RaftTlsCredentials? clientTls, RaftListener listener)
        {
            _serverTls = serverTls;
            _clientTls = clientTls;
            _listener = listener;
            var options = new RaftClientOptions { ContentType = TestServer.ContentType, Tls = clientTls, Timeout = TimeSpan.FromSeconds(30) };
            Client = new RaftClientCore(options, RaftHttpHandlerFactory.Create(options, new ConcurrentDictionary<string, FirstBytesStream>(), socket => new WriteCountingStream(socket, Writes)));
        }

        public RaftClientCore Client { get; }

        public ConcurrentQueue<int> Writes { get; } = new();

        public string Address => "127.0.0.1:" + _listener.Port;

        public static async Task<Node> StartAsync(TlsFixture? certificates)
        {
            RaftTlsCredentials? serverTls = certificates?.Server.LoadCredentials();
            RaftTlsCredentials? clientTls = certificates?.Client.LoadCredentials();
            var options = new RaftServerOptions { ContentType = TestServer.ContentType };
            var endpoint = new RaftEndpoint<ITestContract>(TestServer.Routes, options, () => new TestService());
            RaftListener listener = await RaftListener.StartAsync(endpoint.HandleAsync, new RaftListenerOptions { BindAddress = IPAddress.Loopback, Tls = serverTls });
            var node = new Node(serverTls, clientTls, listener);
            try
            {
                Assert.Equal(1UL, (await node.Client.SendAsync(node.Address, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None)).Id);
            }
            catch
            {
                await node.DisposeAsync();
                throw;
            }

            node.Writes.Clear();
            return node;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _listener.DisposeAsync();
            _clientTls?.Dispose();
            _serverTls?.Dispose();
        }
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
