using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.Transport;

/// <summary>
/// A pooled connection's stream (below TLS when there is TLS) that sends a request's head and
/// body in one write. SocketsHttpHandler buffers at most 4 KiB: a body that does not fit goes out
/// as two sends, the buffer (head and the body's first bytes) and then the rest, each a syscall
/// and a TCP segment the peer wakes up for (a K=64 append, 10.8 KB, took two sends per call).
/// While <see cref="ProtobufContent"/> hands its body to the handler (<see cref="BeginHold"/> to
/// <see cref="EndHold"/>, synchronous code on one thread), what reaches this stream is copied
/// aside instead of sent, and <see cref="SendHeldAsync"/> sends it in one write. Any other write
/// first sends what is held, so the order on the wire never changes.
/// </summary>
internal sealed class CoalescedSendStream : Stream
{
    // Set on the thread that runs a body's synchronous hand-over, and the stream that held its bytes.
    [ThreadStatic]
    private static bool t_hold;

    [ThreadStatic]
    private static CoalescedSendStream? t_holding;

    private readonly Stream _inner;
    private byte[]? _held;
    private int _heldLength;

    public CoalescedSendStream(Stream inner) => _inner = inner;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>From here until <see cref="EndHold"/>, writes on this thread are held, not sent.</summary>
    public static void BeginHold()
    {
        t_hold = true;
        t_holding = null;
    }

    /// <summary>Ends the hold; the stream that holds bytes (send them with <see cref="SendHeldAsync"/>), or null when nothing was written.</summary>
    public static CoalescedSendStream? EndHold()
    {
        CoalescedSendStream? holding = t_holding;
        t_hold = false;
        t_holding = null;
        return holding;
    }

    /// <summary>Sends what is held in one write (nothing when a later write already sent it).</summary>
    public ValueTask SendHeldAsync(CancellationToken cancellationToken) =>
        _heldLength == 0 ? default : SendHeldCoreAsync(cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (t_hold && (t_holding is null || ReferenceEquals(t_holding, this)))
        {
            t_holding = this;
            Hold(buffer.Span);
            return default;
        }

        return _heldLength == 0 ? _inner.WriteAsync(buffer, cancellationToken) : SendHeldThenAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_heldLength > 0)
        {
            _inner.Write(_held!, 0, _heldLength);
            Release();
        }

        _inner.Write(buffer);
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override void Flush()
    {
        if (_heldLength > 0)
        {
            _inner.Write(_held!, 0, _heldLength);
            Release();
        }

        _inner.Flush();
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await SendHeldAsync(cancellationToken).ConfigureAwait(false);
        await _inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            Release();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        Release();
        GC.SuppressFinalize(this);
    }

    private void Hold(ReadOnlySpan<byte> bytes)
    {
        byte[]? held = _held;
        if (held is null || held.Length - _heldLength < bytes.Length)
        {
            // The handler's 4 KiB buffer comes first and the body's rest after it: a K=64 append fits the first rent.
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(_heldLength + bytes.Length, 16 * 1024));
            if (held is not null)
            {
                held.AsSpan(0, _heldLength).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(held);
            }

            _held = held = larger;
        }

        bytes.CopyTo(held.AsSpan(_heldLength));
        _heldLength += bytes.Length;
    }

    private async ValueTask SendHeldCoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _inner.WriteAsync(_held.AsMemory(0, _heldLength), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The write completed (or failed): the socket no longer reads the buffer.
            Release();
        }
    }

    private async ValueTask SendHeldThenAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        await SendHeldCoreAsync(cancellationToken).ConfigureAwait(false);
        await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    private void Release()
    {
        byte[]? held = _held;
        _held = null;
        _heldLength = 0;
        if (held is not null)
        {
            ArrayPool<byte>.Shared.Return(held);
        }
    }
}
