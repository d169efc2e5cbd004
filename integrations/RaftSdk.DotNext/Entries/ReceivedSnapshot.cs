using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft;

namespace RaftSdk.DotNext.Entries;

/// <summary>
/// An incoming snapshot as the entry DotNext's installer reads. The request body is first copied,
/// one pooled 64 KiB buffer at a time, into a temporary file that deletes itself when closed, and
/// only a whole body is handed to DotNext. Why not straight from the socket: DotNext 6.12.2's
/// <c>SimpleStateMachine</c> commits the snapshot file it was writing even when the entry it reads
/// fails, so a body cut mid-way would leave a truncated <c>index-term</c> file that the member's
/// next start restores (<c>SnapshotTransferTests</c> saw it). Memory stays one buffer; the disk
/// holds the snapshot twice while it is installed. A body longer than the member accepts or than
/// its header announced, or shorter than announced, is refused with an
/// <see cref="InvalidDataException"/> saying so; one cut by the network fails with the runtime's
/// <see cref="IOException"/>. Either way DotNext never sees it and the member stays as it was.
/// </summary>
internal sealed class ReceivedSnapshot : IRaftLogEntry, IAsyncDisposable
{
    private const int CopyBufferSize = 64 * 1024;

    private readonly FileStream _file;
    private int _read;

    private ReceivedSnapshot(FileStream file, long term)
    {
        _file = file;
        Term = term;
    }

    public long Term { get; }

    public bool IsSnapshot => true;

    public long? Length => _file.Length;

    public bool IsReusable => false;

    /// <summary>Reads <paramref name="body"/> to its end into a temporary file, checking its length.</summary>
    public static async Task<ReceivedSnapshot> ReceiveAsync(Stream body, long term, long? announced, long maxSize, CancellationToken token)
    {
        var file = new FileStream(
            Path.Combine(Path.GetTempPath(), "raftsdk-snapshot-" + Guid.NewGuid().ToString("N")),
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None,
            bufferSize: 0,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose | FileOptions.SequentialScan);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            long received = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, CopyBufferSize), token).ConfigureAwait(false)) > 0)
            {
                received += read;
                if (received > maxSize)
                {
                    throw new InvalidDataException(
                        $"The snapshot's body ran past {maxSize} bytes, the most this member accepts (MaxSnapshotSize); it was refused.");
                }

                if (received > announced)
                {
                    throw new InvalidDataException($"The snapshot's body ran past the {announced} bytes its header announced; it was refused.");
                }

                await file.WriteAsync(buffer.AsMemory(0, read), token).ConfigureAwait(false);
            }

            if (received < announced)
            {
                throw new InvalidDataException($"The snapshot's body ended after {received} of the {announced} bytes its header announced; it was refused.");
            }

            file.Position = 0;
            return new ReceivedSnapshot(file, term);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public ValueTask WriteToAsync<TWriter>(TWriter writer, CancellationToken token)
        where TWriter : IAsyncBinaryWriter =>
        Interlocked.Exchange(ref _read, 1) == 0
            ? writer.CopyFromAsync(_file, count: null, token)
            : ValueTask.FromException(new InvalidOperationException("A received snapshot is read once."));

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}
