using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// A read-only stream of <see cref="Length"/> pseudo-random bytes made as they are read (nothing
/// held), hashed on the way out so the sender knows the SHA-256 of what it sent. Optionally
/// seekable (then a client sends a Content-Length), optionally paced (a trickle) and optionally
/// held at a position until a task completes (a body provably still coming when the server acts).
/// </summary>
internal sealed class GeneratedStream : Stream
{
    private readonly Random _random;
    private readonly long _length;
    private readonly bool _seekable;
    private readonly int _chunk;
    private readonly TimeSpan _pause;
    private readonly long _holdAt;
    private readonly Task? _resume;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _position;

    /// <param name="length">The bytes in all; <see cref="long.MaxValue"/> for a stream that does not end.</param>
    /// <param name="seed">The seed of the bytes.</param>
    /// <param name="seekable">Whether <see cref="CanSeek"/> (and so <see cref="Length"/>) is offered.</param>
    /// <param name="chunk">The most bytes one read returns.</param>
    /// <param name="pause">A wait before each read (a slow sender).</param>
    /// <param name="hold">No byte past <c>At</c> is made until <c>Until</c> has completed (asynchronous reads only).</param>
    public GeneratedStream(long length, int seed = 1, bool seekable = false, int chunk = int.MaxValue, TimeSpan pause = default, (long At, Task Until)? hold = null)
    {
        _random = new Random(seed);
        _length = length;
        _seekable = seekable;
        _chunk = chunk;
        _pause = pause;
        _holdAt = hold?.At ?? long.MaxValue;
        _resume = hold?.Until;
    }

    public long Sent => _position;

    /// <summary>The SHA-256 of every byte read so far.</summary>
    public byte[] Sha256() => _hash.GetCurrentHash();

    public override bool CanRead => true;

    public override bool CanSeek => _seekable;

    public override bool CanWrite => false;

    public override long Length => _seekable ? _length : throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_pause > TimeSpan.Zero)
        {
            await Task.Delay(_pause, cancellationToken);
        }

        if (_resume is not null && _position >= _holdAt)
        {
            await _resume.WaitAsync(cancellationToken);
        }

        return Fill(buffer.Span);
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        _resume is null ? Fill(buffer.AsSpan(offset, count)) : throw new NotSupportedException("A held stream is read asynchronously.");

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
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Fill(Span<byte> destination)
    {
        // Up to the hold position while it holds, so the bytes before it leave on their own.
        long end = _resume is { IsCompleted: false } && _position < _holdAt ? Math.Min(_length, _holdAt) : _length;
        int count = (int)Math.Min(Math.Min(destination.Length, _chunk), end - _position);
        if (count <= 0)
        {
            return 0;
        }

        Span<byte> span = destination[..count];
        _random.NextBytes(span);
        _hash.AppendData(span);
        _position += count;
        return count;
    }
}
