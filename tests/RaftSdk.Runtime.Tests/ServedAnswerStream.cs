using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// The body a test service answers with: <see cref="GeneratedStream"/> bytes (hashed as they are
/// read), optionally failing with <see cref="FailText"/> once <c>failAfter</c> bytes were read, or
/// stalling there until its read is canceled; records how far the server read it and when it was
/// disposed.
/// </summary>
internal sealed class ServedAnswerStream : Stream
{
    public const string FailText = "snapshot file unreadable";

    private readonly GeneratedStream _bytes;
    private readonly long _failAfter;
    private readonly bool _stall;

    public ServedAnswerStream(long length, int seed, long failAfter = long.MaxValue, bool stall = false)
    {
        _bytes = new GeneratedStream(length, seed);
        _failAfter = failAfter;
        _stall = stall;
    }

    /// <summary>Completes with the bytes read when the runtime disposes the stream.</summary>
    public TaskCompletionSource<long> Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long BytesRead => _bytes.Sent;

    public byte[] Sha256() => _bytes.Sha256();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _bytes.Sent;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_bytes.Sent >= _failAfter)
        {
            if (_stall)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            throw new IOException(FailText);
        }

        int most = (int)Math.Min(buffer.Length, _failAfter - _bytes.Sent);
        return await _bytes.ReadAsync(buffer[..most], cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the runtime reads asynchronously");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Disposed.TrySetResult(_bytes.Sent);
        }

        base.Dispose(disposing);
    }
}
