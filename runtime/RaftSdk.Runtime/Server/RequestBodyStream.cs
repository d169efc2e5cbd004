using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.Server;

/// <summary>
/// The rest of a streamed request's body as the handler reads it: straight out of Kestrel's pipe
/// into the handler's buffer, so the server holds no more of the body than Kestrel's request
/// buffer (the listener's <c>MaxRequestBufferSize</c>; Kestrel stops reading the socket when it is
/// full, which is the back-pressure the sender feels). A read that fails because of the client
/// (too slow for the minimum data rate, broken framing) throws <see cref="IOException"/> and
/// leaves its refusal in <see cref="Refusal"/>, which the call handler answers instead of the
/// handler's exception. Reads only; not seekable; synchronous reads are not supported (Kestrel
/// forbids synchronous I/O).
/// </summary>
internal sealed class RequestBodyStream : Stream
{
    private readonly PipeReader _reader;
    private readonly CancellationToken _aborted;
    private long _read;
    private bool _ended;

    public RequestBodyStream(PipeReader reader, CancellationToken aborted)
    {
        _reader = reader;
        _aborted = aborted;
    }

    /// <summary>The client's fault that ended a read, answered by the call handler; null when none.</summary>
    public RaftCallRefusal? Refusal { get; private set; }

    /// <summary>The whole body was read.</summary>
    public bool Ended => _ended;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("A streamed request body has no known length.");

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException("A streamed request body cannot seek.");
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_ended || buffer.IsEmpty)
        {
            return 0;
        }

        ReadResult result;
        try
        {
            result = await RequestBodyReader.ReadFramedAsync(_reader, long.MaxValue, cancellationToken.CanBeCanceled ? cancellationToken : _aborted).ConfigureAwait(false);
        }
        catch (RaftCallRefusal refusal)
        {
            Refusal ??= refusal;
            throw new IOException(refusal.Message, refusal);
        }

        ReadOnlySequence<byte> data = result.Buffer;
        if (result.IsCanceled)
        {
            _reader.AdvanceTo(data.Start);
            throw new OperationCanceledException("Reading the request body was canceled.");
        }

        int count = (int)Math.Min(data.Length, buffer.Length);
        data.Slice(0, count).CopyTo(buffer.Span);
        _reader.AdvanceTo(data.GetPosition(count));
        _read += count;
        if (count == 0 && result.IsCompleted)
        {
            _ended = true;
        }

        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Read the request body with ReadAsync: the server does not block a thread on a peer's bytes.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A streamed request body cannot seek.");

    public override void SetLength(long value) => throw new NotSupportedException("A streamed request body is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A streamed request body is read-only.");
}
