using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft;

namespace RaftSdk.DotNext.Entries;

/// <summary>
/// An incoming snapshot as the entry DotNext's installer reads: the request body, copied from the
/// socket into DotNext's writer through one pooled buffer as it arrives, never held whole (as
/// DotNext's own HTTP transport does with its request's pipe). Read once. A body longer than
/// the member accepts, or than its header announced, or that ends short, fails the copy with an
/// <see cref="InvalidDataException"/> saying so; a body cut by the network fails it with the
/// runtime's <see cref="IOException"/>. Either way DotNext's installer fails, and the member's
/// state stays what it was.
/// </summary>
internal sealed class StreamedSnapshot : IRaftLogEntry
{
    private const int CopyBufferSize = 64 * 1024;

    private readonly long _maxSize;
    private Stream? _body;

    public StreamedSnapshot(Stream body, long term, long? length, long maxSize)
    {
        _body = body;
        Term = term;
        Length = length;
        _maxSize = maxSize;
    }

    public long Term { get; }

    public bool IsSnapshot => true;

    public long? Length { get; }

    public bool IsReusable => false;

    /// <summary>The body's bytes copied so far.</summary>
    public long Received { get; private set; }

    public async ValueTask WriteToAsync<TWriter>(TWriter writer, CancellationToken token)
        where TWriter : IAsyncBinaryWriter
    {
        Stream body = Interlocked.Exchange(ref _body, null)
            ?? throw new InvalidOperationException("A streamed snapshot is read once: its body has been consumed.");
        byte[] buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, CopyBufferSize), token).ConfigureAwait(false)) > 0)
            {
                Received += read;
                if (Received > _maxSize)
                {
                    throw new InvalidDataException(
                        $"The snapshot's body ran past {_maxSize} bytes, the most this member accepts (MaxSnapshotSize); it was refused.");
                }

                if (Received > Length)
                {
                    throw new InvalidDataException($"The snapshot's body ran past the {Length} bytes its header announced; it was refused.");
                }

                await writer.WriteAsync(buffer.AsMemory(0, read), lengthFormat: null, token).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (Received < Length)
        {
            throw new InvalidDataException($"The snapshot's body ended after {Received} of the {Length} bytes its header announced; it was refused.");
        }
    }
}
