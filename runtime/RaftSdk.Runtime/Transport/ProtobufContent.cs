using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Google.Protobuf;

namespace RaftSdk.Transport;

/// <summary>
/// A request body that serializes a protobuf message when the handler sends it, through a
/// pooled buffer, with an exact Content-Length. Serializing again (a retried request) is fine.
/// </summary>
internal sealed class ProtobufContent : HttpContent
{
    private readonly IMessage? _message;
    private readonly int _length;

    public ProtobufContent(IMessage? message, string contentType)
    {
        _message = message;
        _length = message?.CalculateSize() ?? 0;

        // Raw header value: the peer compares it byte for byte, so no parsing and no charset.
        Headers.TryAddWithoutValidation("Content-Type", contentType);
        Headers.ContentLength = _length;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_message is null || _length == 0)
        {
            return;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(_length);
        try
        {
            _message.WriteTo(buffer.AsSpan(0, _length));
            await stream.WriteAsync(buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The awaited write has completed (or failed), so the socket no longer reads the buffer.
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_message is null || _length == 0)
        {
            return;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(_length);
        try
        {
            _message.WriteTo(buffer.AsSpan(0, _length));
            stream.Write(buffer, 0, _length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
