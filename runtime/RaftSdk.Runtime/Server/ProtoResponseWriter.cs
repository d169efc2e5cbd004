using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using RaftSdk.Mapping;
using RaftSdk.Transport;

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
            ProtoBody.Write(message, pipe.GetSpan(size)[..size]);
            pipe.Advance(size);
        }
        else
        {
            byte[] rented = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                ProtoBody.Write(message, rented.AsSpan(0, size));
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
}
