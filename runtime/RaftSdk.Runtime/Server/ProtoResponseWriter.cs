using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using RaftSdk.Mapping;

namespace RaftSdk.Server;

/// <summary>
/// Writes an answer record with its direct codec (<see cref="IProtoWritable"/>): no
/// Google.Protobuf object graph, the bytes straight into the response pipe.
/// </summary>
internal static class ProtoResponseWriter
{
    // Up to this size the record is written into one span of the pipe; above, into a rented array then copied.
    private const int SingleSpanLimit = 64 * 1024;

    public static Task WriteAsync<TMessage>(HttpContext context, TMessage message, string contentType, int statusCode)
        where TMessage : IProtoWritable
    {
        HttpResponse response = context.Response;
        int size = message.CalculateProtoSize();
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.ContentLength = size;
        if (size == 0)
        {
            return Task.CompletedTask;
        }

        PipeWriter pipe = response.BodyWriter;
        if (size <= SingleSpanLimit)
        {
            Write(message, pipe.GetSpan(size)[..size]);
            pipe.Advance(size);
        }
        else
        {
            byte[] rented = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                Write(message, rented.AsSpan(0, size));
                pipe.Write(rented.AsSpan(0, size));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        ValueTask<FlushResult> flush = pipe.FlushAsync();
        return flush.IsCompletedSuccessfully ? Task.CompletedTask : flush.AsTask();
    }

    private static void Write<TMessage>(TMessage message, Span<byte> destination)
        where TMessage : IProtoWritable
    {
        var writer = new ProtoWriter(destination);
        message.WriteProto(ref writer);
        if (writer.Position != destination.Length)
        {
            throw new InvalidOperationException($"{typeof(TMessage).Name}.WriteProto wrote {writer.Position} bytes, CalculateProtoSize said {destination.Length}.");
        }
    }
}
