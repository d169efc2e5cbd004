using System;
using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using RaftSdk.Transport;

namespace RaftSdk.Server;

/// <summary>
/// Reads the head of a streamed request (<see cref="RaftStreamFraming"/>): the exact Content-Type
/// (415), the header's length prefix (400 when malformed, 413 over
/// <see cref="RaftServerOptions.MaxRequestBodySize"/>), the header's bytes into an array the
/// header record owns. The call is charged <see cref="WindowBytes"/> for the body in flight before
/// anything is read, then the header and what it may decode to before the header is allocated
/// (503 when the budget is full); the body's own length is never charged, because the server
/// never holds it. The body's
/// size limit is lifted for the request (it may be larger than memory) and its minimum data rate
/// set (<see cref="RaftServerOptions.MinStreamedBodyDataRate"/>).
/// </summary>
internal static class StreamedRequestReader
{
    /// <summary>
    /// What a streamed body may hold on the server at once, charged per call: the listener's
    /// request buffer (<c>RaftListenerOptions.MaxRequestBufferSize</c>, 64 KiB by default), the
    /// most Kestrel reads ahead of the handler before it stops reading the socket.
    /// </summary>
    public const long WindowBytes = 64 * 1024;

    /// <summary>The header's bytes, the bytes of the body they took with their length prefix, and the budget the call holds (the caller gives it back).</summary>
    internal readonly record struct Head(byte[] Header, int Bytes, long Reserved);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<Head> ReadAsync(HttpContext context, RaftServerOptions options, RequestMemoryBudget budget)
    {
        HttpRequest request = context.Request;
        if (!RaftStreamFraming.IsContentTypeFor(request.ContentType, options.ContentType))
        {
            throw new RaftCallRefusal(RefusalKind.UnsupportedMediaType, StatusCodes.Status415UnsupportedMediaType, "Content-Type must be exactly " + RaftStreamFraming.ContentTypeFor(options.ContentType));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = null;
        }

        if (options.MinStreamedBodyDataRate is double rate && context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rateFeature)
        {
            rateFeature.MinDataRate = new MinDataRate(rate, options.MinStreamedBodyGracePeriod);
        }

        PipeReader reader = request.BodyReader;
        long limit = options.MaxRequestBodySize;

        // The window first, before a byte is read: a full server refuses before Kestrel invites the body (100 Continue).
        long reserved = await budget.TakeAsync(WindowBytes, options.BudgetWait, context.RequestAborted).ConfigureAwait(false) ? WindowBytes : throw RequestBodyReader.BudgetFull(budget);
        try
        {
            int headerLength = -1;
            int prefixLength = 0;
            byte[] header = Array.Empty<byte>();
            int filled = 0;
            while (true)
            {
                ReadResult result = await RequestBodyReader.ReadFramedAsync(reader, limit, context.RequestAborted).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (headerLength < 0)
                {
                    int prefix = RaftStreamFraming.TryReadPrefix(buffer, out long length);
                    if (prefix == 0)
                    {
                        if (result.IsCompleted)
                        {
                            throw Malformed(buffer.IsEmpty ? "the body is empty; it must start with the header's length" : "the header's length prefix is cut short");
                        }

                        reader.AdvanceTo(buffer.Start, buffer.End);
                        continue;
                    }

                    if (prefix < 0)
                    {
                        throw Malformed("the header's length prefix is not a varint of at most 5 bytes");
                    }

                    if (length > limit)
                    {
                        reader.AdvanceTo(buffer.End);
                        throw new RaftCallRefusal(
                            RefusalKind.BodyTooLarge,
                            StatusCodes.Status413PayloadTooLarge,
                            string.Create(CultureInfo.InvariantCulture, $"Request header larger than the limit of {limit} bytes"),
                            closeConnection: true);
                    }

                    headerLength = (int)length;
                    prefixLength = prefix;
                    long charge = headerLength + RequestBodyReader.DecodeCharge(headerLength, options);
                    reserved += await budget.TakeAsync(charge, options.BudgetWait, context.RequestAborted).ConfigureAwait(false) ? charge : throw RequestBodyReader.BudgetFull(budget);
                    header = headerLength == 0 ? Array.Empty<byte>() : GC.AllocateUninitializedArray<byte>(headerLength);
                    buffer = buffer.Slice(prefix);
                }

                int take = (int)Math.Min(buffer.Length, headerLength - filled);
                buffer.Slice(0, take).CopyTo(header.AsSpan(filled));
                filled += take;
                reader.AdvanceTo(buffer.GetPosition(take));
                if (filled == headerLength)
                {
                    return new Head(header, prefixLength + headerLength, reserved);
                }

                if (result.IsCompleted)
                {
                    throw Malformed(string.Create(CultureInfo.InvariantCulture, $"the body ended after {filled} of the header's {headerLength} bytes"));
                }
            }
        }
        catch
        {
            budget.Give(reserved);
            throw;
        }
    }

    private static RaftCallRefusal Malformed(string what) =>
        new(RefusalKind.BadFraming, StatusCodes.Status400BadRequest, "Malformed streamed request: " + what, closeConnection: true);
}
