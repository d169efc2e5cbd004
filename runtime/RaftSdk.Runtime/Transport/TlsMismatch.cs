using System;
using System.IO;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.Transport;

/// <summary>
/// A plaintext/TLS mismatch between two nodes, told as such on the client whichever side is
/// wrong. A TLS client that reaches a plaintext node gets an HTTP answer where a TLS record was
/// due: the stream under the handshake keeps the first bytes the peer sent, and a handshake that
/// failed on <c>HTTP/</c> is reported with them (instead of "Cannot determine the frame size").
/// A plaintext client that reaches a TLS node gets Go's answer to that (a 400 with
/// <see cref="PlaintextToTlsText"/>, which a RaftSdk TLS listener sends too), reported as such.
/// </summary>
internal static class TlsMismatch
{
    /// <summary>What Go's net/http TLS server answers a plaintext request (and a RaftSdk TLS listener likewise).</summary>
    public const string PlaintextToTlsText = "Client sent an HTTP request to an HTTPS server.";

    /// <summary>The failure of a TLS client whose handshake <paramref name="stream"/> saw answered in plaintext HTTP, or null when it did not.</summary>
    public static RaftConnectionException? PlaintextPeer(FirstBytesStream? stream, string address, string path, Exception handshakeFailure)
    {
        if (stream is null || !stream.FirstBytes.AsSpan().StartsWith("HTTP/"u8))
        {
            return null;
        }

        string line = Encoding.Latin1.GetString(stream.FirstBytes);
        int end = line.IndexOf('\r');
        line = end < 0 ? line : line[..end];
        return new RaftConnectionException(
            RaftConnectionFailure.TlsHandshake,
            address,
            path,
            new AuthenticationException($"{address} answered the TLS handshake in plaintext HTTP ('{line}'): it is not a TLS node, and this client uses TLS (RaftClientOptions.Tls is set)", handshakeFailure));
    }

    /// <summary>The failure of a plaintext client whose request a TLS node answered with Go's 400 for that, or null when <paramref name="body"/> is not that answer.</summary>
    public static RaftConnectionException? TlsPeer(int status, ReadOnlySpan<byte> body, bool clientUsesTls, string address, string path)
    {
        if (clientUsesTls || status != 400 || !body.Trim("\r\n "u8).SequenceEqual(Encoding.ASCII.GetBytes(PlaintextToTlsText)))
        {
            return null;
        }

        return new RaftConnectionException(
            RaftConnectionFailure.TlsHandshake,
            address,
            path,
            new AuthenticationException($"{address} is a TLS node and this client speaks plaintext (RaftClientOptions.Tls is not set); it answered: {PlaintextToTlsText}"));
    }
}

/// <summary>A connection's stream that keeps the first bytes the peer sent (at most 64), for telling what a failed handshake met.</summary>
internal sealed class FirstBytesStream : Stream
{
    private const int Kept = 64;
    private readonly Stream _inner;
    private byte[] _first = Array.Empty<byte>();

    public FirstBytesStream(Stream inner) => _inner = inner;

    /// <summary>The first bytes read from the peer (fewer than 64 when it sent fewer).</summary>
    public byte[] FirstBytes => Volatile.Read(ref _first);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Keep(buffer.AsSpan(offset), _inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Keep(buffer.Span, read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => _inner.DisposeAsync();

    private int Keep(Span<byte> buffer, int read)
    {
        byte[] first = _first;
        if (read > 0 && first.Length < Kept)
        {
            int more = Math.Min(read, Kept - first.Length);
            byte[] longer = new byte[first.Length + more];
            first.CopyTo(longer, 0);
            buffer[..more].CopyTo(longer.AsSpan(first.Length));
            Volatile.Write(ref _first, longer);
        }

        return read;
    }
}
