using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Mapping;

namespace RaftSdk.Transport;

/// <summary>
/// The body of a streamed request (<see cref="RaftStreamFraming"/>): the header record's length
/// and bytes, then the caller's stream copied through one pooled buffer, each write awaited
/// before the next read, so the sender holds one buffer of the body at a time and goes as fast
/// as the peer reads (back-pressure through the socket). With a Content-Length when the stream
/// can seek, chunked otherwise. Each piece written re-arms <see cref="Progress"/>: a streamed call
/// times out when nothing moves for the client's timeout, not after a fixed time in all. Sent once:
/// the stream is consumed.
/// </summary>
internal sealed class StreamedRequestContent : HttpContent
{
    /// <summary>The size of the copy buffer (rented from the shared pool).</summary>
    internal const int CopyBufferSize = 64 * 1024;

    private readonly IProtoWritable _header;
    private readonly Stream _body;
    private readonly int _headerLength;
    private readonly long? _length;
    private int _sent;
    private long _headBytesSent;
    private long _bodyBytesSent;

    public StreamedRequestContent(IProtoWritable header, Stream body, string contentType)
    {
        _header = header;
        _body = body;
        _headerLength = header.CalculateProtoSize();
        Headers.TryAddWithoutValidation("Content-Type", RaftStreamFraming.ContentTypeFor(contentType));
        if (body.CanSeek)
        {
            _length = ProtoSize.Length(_headerLength) + Math.Max(0, body.Length - body.Position);
            Headers.ContentLength = _length;
        }
    }

    /// <summary>The call's timeout source, re-armed after every write; null leaves the call's timeout as it is.</summary>
    public (CancellationTokenSource Source, TimeSpan Timeout)? Progress { get; set; }

    /// <summary>The bytes of the caller's stream written so far.</summary>
    public long BodyBytesSent => Volatile.Read(ref _bodyBytesSent);

    /// <summary>The bytes of the HTTP body written so far: the header's length prefix and the header, then the caller's stream.</summary>
    public long BytesSent => Volatile.Read(ref _headBytesSent) + BodyBytesSent;

    /// <summary>The exception the caller's stream threw while being read, if any: the call fails with it, not as a connection failure.</summary>
    public Exception? SourceFailure { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _sent, 1) != 0)
        {
            throw new InvalidOperationException("A streamed request body is sent once: its stream has been read.");
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(CopyBufferSize, ProtoSize.Length(_headerLength)));
        try
        {
            int prefixed = WriteHead(buffer);
            await stream.WriteAsync(buffer.AsMemory(0, prefixed), cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _headBytesSent, prefixed);
            Rearm();
            while (true)
            {
                int read;
                try
                {
                    read = await _body.ReadAsync(buffer.AsMemory(0, CopyBufferSize), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    SourceFailure = e;
                    throw;
                }

                if (read == 0)
                {
                    return;
                }

                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _bodyBytesSent, _bodyBytesSent + read);
                Rearm();
            }
        }
        finally
        {
            // Every write was awaited, so the socket no longer reads the buffer.
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length ?? 0;
        return _length is not null;
    }

    private int WriteHead(byte[] buffer)
    {
        var writer = new ProtoWriter(buffer);
        writer.WriteLength(_headerLength);
        int prefix = writer.Position;
        ProtoBody.Write(_header, buffer.AsSpan(prefix, _headerLength));
        return prefix + _headerLength;
    }

    private void Rearm()
    {
        if (Progress is { } progress && progress.Timeout != Timeout.InfiniteTimeSpan)
        {
            progress.Source.CancelAfter(progress.Timeout);
        }
    }
}
