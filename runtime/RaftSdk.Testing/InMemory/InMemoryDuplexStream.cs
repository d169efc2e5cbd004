using System;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.Testing;

/// <summary>The caller's end of an in-memory connection: reads what the node answers, writes what it is sent.</summary>
internal sealed class InMemoryDuplexStream : Stream
{
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly CancellationTokenSource _closed;

    public InMemoryDuplexStream(PipeReader input, PipeWriter output, CancellationTokenSource closed)
    {
        _input = input.AsStream();
        _output = output.AsStream();
        _closed = closed;
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => _input.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _input.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _input.ReadAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => _output.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _output.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _output.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => _output.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _output.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    // Closing the caller's end ends the node's side too, even while it waits (a held or delayed request).
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _closed.Cancel();
            _input.Dispose();
            _output.Dispose();
        }

        base.Dispose(disposing);
    }
}
