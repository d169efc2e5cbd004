using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace RaftSdk.Server;

/// <summary>
/// Reads a request body into one array the request record will own, within the limits: the
/// exact Content-Type (415), the body size (413, announced or grown), the endpoint's memory
/// budget (503 before allocating), and the framing (400 for a malformed body, 408 for one that
/// stalls). Each segment is copied out of Kestrel's pipe as it arrives, so a body is held once,
/// not once in the pipe's pool and again in the array.
/// </summary>
internal static class RequestBodyReader
{
    private const int FirstChunkedSize = 4096;

    /// <summary>
    /// The body, the bytes of the budget it holds (the caller gives them back), and whether that
    /// already includes what decoding is expected to take (<see cref="ExpectedDecodeCharge"/>).
    /// </summary>
    internal readonly record struct Body(byte[] Array, long Reserved, bool DecodeCharged);

    /// <summary>
    /// The most fields a body of <paramref name="length"/> bytes can decode to, as
    /// <see cref="Mapping.ProtoReader"/> counts them: each takes at least two bytes (a group is
    /// counted at its end tag), one more may be cut short. So only
    /// <see cref="RaftServerOptions.MaxDecodedFields"/> ever refuses a body; the bound by length
    /// sizes the memory charge.
    /// </summary>
    public static long MaxFields(long length, RaftServerOptions options) => Math.Min(options.MaxDecodedFields, (length / 2) + 1);

    /// <summary>What decoding a body of <paramref name="length"/> bytes may take: strings in UTF-16 (at most one more body) and the records of its fields.</summary>
    public static long DecodeCharge(long length, RaftServerOptions options) => length + (MaxFields(length, options) * RaftServerOptions.DecodedBytesPerField);

    /// <summary>
    /// The fields a body of <paramref name="length"/> bytes is first charged for: one per
    /// <see cref="BytesPerExpectedField"/> bytes, at least <see cref="MinExpectedFields"/>, at most
    /// <see cref="MaxFields"/>. A real Append of 8 MiB (1 KiB entries, 5 fields each) decodes to
    /// 41,000 fields, within its 131,072; the worst case (two-byte fields) is 32 times more. A body
    /// that goes past its expected fields is field-dense and is charged the rest before it is
    /// decoded again (<see cref="DenseDecodeLane"/>).
    /// </summary>
    public static long ExpectedFields(long length, RaftServerOptions options) => Math.Min(MaxFields(length, options), Math.Max(MinExpectedFields, length / BytesPerExpectedField));

    /// <summary>What decoding is first charged: <see cref="DecodeCharge"/> for <see cref="ExpectedFields"/> instead of the most fields.</summary>
    public static long ExpectedDecodeCharge(long length, RaftServerOptions options) => length + (ExpectedFields(length, options) * RaftServerOptions.DecodedBytesPerField);

    /// <summary>Bodies up to 128 KiB are charged their worst case at once (at most 2.5 MiB of fields): re-decoding them would cost more than it saves.</summary>
    internal const long MinExpectedFields = 64 * 1024;

    /// <summary>The body bytes per field a body is first charged for.</summary>
    internal const long BytesPerExpectedField = 64;

    /// <summary>Reads the body; with <paramref name="chargeDecoding"/> a body of known length is charged for its expected decoding too (<see cref="ExpectedDecodeCharge"/>), before a byte is read.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<Body> ReadAsync(HttpContext context, RaftServerOptions options, RequestMemoryBudget budget, bool chargeDecoding)
    {
        HttpRequest request = context.Request;
        if (!string.Equals(request.ContentType, options.ContentType, StringComparison.Ordinal))
        {
            throw new RaftCallRefusal(RefusalKind.UnsupportedMediaType, StatusCodes.Status415UnsupportedMediaType, "Content-Type must be exactly " + options.ContentType);
        }

        long limit = options.MaxRequestBodySize;
        long? announced = request.ContentLength;
        if (announced > limit)
        {
            throw TooLarge(limit);
        }

        // Our limit answers with our text; the server's own must not cut in first.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        long reserved = 0;
        try
        {
            byte[] array;
            int length = 0;
            bool decodeCharged = false;
            if (announced is long known)
            {
                // All at once, so that a flood is refused before any of it is read, not after its bodies became garbage.
                long charge = chargeDecoding ? known + ExpectedDecodeCharge(known, options) : known;
                reserved = await budget.TakeAsync(charge, options.BudgetWait, context.RequestAborted).ConfigureAwait(false) ? charge : throw BudgetFull(budget);
                decodeCharged = chargeDecoding;
                array = known == 0 ? System.Array.Empty<byte>() : GC.AllocateUninitializedArray<byte>((int)known);
            }
            else
            {
                reserved = Take(budget, FirstChunkedSize);
                array = GC.AllocateUninitializedArray<byte>(FirstChunkedSize);
            }

            PipeReader reader = request.BodyReader;
            CancellationToken aborted = context.RequestAborted;
            while (true)
            {
                ReadResult result = await ReadFramedAsync(reader, limit, aborted).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (length + buffer.Length > limit)
                {
                    reader.AdvanceTo(buffer.End);
                    throw TooLarge(limit);
                }

                if (length + buffer.Length > array.Length)
                {
                    // Only a chunked body (Kestrel stops a Content-Length body at its length).
                    long grown = Math.Min(limit, Math.Max(array.Length * 2L, length + buffer.Length));
                    reserved += Take(budget, grown - array.Length);
                    byte[] larger = GC.AllocateUninitializedArray<byte>((int)grown);
                    array.AsSpan(0, length).CopyTo(larger);
                    array = larger;
                }

                buffer.CopyTo(array.AsSpan(length));
                length += (int)buffer.Length;
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }

                if (result.IsCanceled)
                {
                    // Only code in this process cancels a pending read.
                    throw new InvalidOperationException("Reading the request body was canceled.");
                }
            }

            if (length != array.Length)
            {
                // A chunked body: the record's reader takes the array whole.
                System.Array.Resize(ref array, length);
            }

            return new Body(array, reserved, decodeCharged);
        }
        catch
        {
            budget.Give(reserved);
            throw;
        }
    }

    internal static async ValueTask<ReadResult> ReadFramedAsync(PipeReader reader, long limit, CancellationToken aborted)
    {
        try
        {
            return await reader.ReadAsync(aborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limit);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            throw new RaftCallRefusal(RefusalKind.BodyTimeout, StatusCodes.Status408RequestTimeout, "The request body arrived too slowly: " + e.Message, closeConnection: true, inner: e);
        }
        catch (BadHttpRequestException e)
        {
            // A bad chunk size, a body shorter than its Content-Length: the client's framing.
            throw new RaftCallRefusal(RefusalKind.BadFraming, StatusCodes.Status400BadRequest, "Malformed request body: " + e.Message, closeConnection: true, inner: e);
        }
        catch (IOException e) when (!aborted.IsCancellationRequested)
        {
            throw new RaftCallRefusal(RefusalKind.BadFraming, StatusCodes.Status400BadRequest, "The request body could not be read: " + e.Message, closeConnection: true, inner: e);
        }
    }

    internal static long Take(RequestMemoryBudget budget, long bytes) => budget.TryTake(bytes) ? bytes : throw BudgetFull(budget);

    /// <summary>The 503 for a full budget; <paramref name="closeConnection"/> when the body is still unread.</summary>
    internal static RaftCallRefusal BudgetFull(RequestMemoryBudget budget, bool closeConnection = true) =>
        new(
            RefusalKind.BudgetFull,
            StatusCodes.Status503ServiceUnavailable,
            string.Create(CultureInfo.InvariantCulture, $"Server busy: requests in flight hold the memory budget of {budget.Capacity} bytes"),
            closeConnection: closeConnection,
            retryLater: true);

    internal static RaftCallRefusal TooLarge(long limit) =>
        new(
            RefusalKind.BodyTooLarge,
            StatusCodes.Status413PayloadTooLarge,
            string.Create(CultureInfo.InvariantCulture, $"Request body larger than the limit of {limit} bytes"),
            closeConnection: true);
}
