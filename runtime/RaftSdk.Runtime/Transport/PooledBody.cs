using System;
using System.Buffers;

namespace RaftSdk.Transport;

/// <summary>A response body held in a rented array; dispose returns the array to the pool.</summary>
internal struct PooledBody : IDisposable
{
    private byte[]? _buffer;

    public PooledBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public readonly ReadOnlySpan<byte> Span => new(_buffer, 0, Length);

    public void Dispose()
    {
        byte[]? buffer = _buffer;
        _buffer = null;
        if (buffer is not null && buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
