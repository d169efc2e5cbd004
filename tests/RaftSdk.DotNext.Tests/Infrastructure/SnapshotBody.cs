using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.DotNext.Tests.Infrastructure;

/// <summary>
/// A snapshot body as a sender streams it: the bytes in order, never seekable (so sent chunked,
/// its length unknown to the transport), and optionally failing after <c>failAfter</c> bytes
/// with an <see cref="IOException"/>, as a sender whose snapshot file breaks mid-way.
/// </summary>
internal sealed class SnapshotBody : Stream
{
    public const string FailureText = "the sender's snapshot file could not be read";

    private readonly byte[] _bytes;
    private readonly long _failAfter;
    private int _position;

    public SnapshotBody(byte[] bytes, long failAfter = long.MaxValue)
    {
        _bytes = bytes;
        _failAfter = failAfter;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= _failAfter)
        {
            throw new IOException($"{FailureText} after {_position} bytes");
        }

        int count = (int)Math.Min(Math.Min(buffer.Length, _bytes.Length - _position), _failAfter - _position);
        _bytes.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
