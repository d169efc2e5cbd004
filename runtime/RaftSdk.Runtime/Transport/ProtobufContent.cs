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
/// A request body that a record writes itself (<see cref="IProtoWritable"/>, no object graph
/// built) when the handler sends it, through a pooled buffer, with an exact Content-Length.
/// Serializing again (a retried request) is fine.
/// </summary>
internal sealed class ProtobufContent : HttpContent
{
    private readonly IProtoWritable _writable;
    private readonly int _length;

    public ProtobufContent(IProtoWritable message, string contentType)
    {
        _writable = message;
        _length = message.CalculateProtoSize();

        // Raw header value: the peer compares it byte for byte, so no parsing and no charset.
        Headers.TryAddWithoutValidation("Content-Type", contentType);
        Headers.ContentLength = _length;
    }

    private void WriteBody(byte[] buffer) => ProtoBody.Write(_writable, buffer.AsSpan(0, _length));

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_length == 0)
        {
            return;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(_length);
        try
        {
            WriteBody(buffer);
            if (_length > RaftClientCore.ExpectContinueAbove)
            {
                // The head went out alone (Expect: 100-continue); held, the body would only be copied.
                await stream.WriteAsync(buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
                return;
            }

            // Head and body in one send (see CoalescedSendStream): the hand-over below is synchronous.
            ValueTask write;
            CoalescedSendStream? held;
            CoalescedSendStream.BeginHold();
            try
            {
                write = stream.WriteAsync(buffer.AsMemory(0, _length), cancellationToken);
            }
            finally
            {
                held = CoalescedSendStream.EndHold();
            }

            await write.ConfigureAwait(false);
            if (held is not null)
            {
                await held.SendHeldAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // The awaited write has completed (or failed), so the socket no longer reads the buffer.
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_length == 0)
        {
            return;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(_length);
        try
        {
            WriteBody(buffer);
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
