using System.Globalization;
using Microsoft.AspNetCore.Http;
using RaftSdk.Mapping;

namespace RaftSdk.Server;

/// <summary>Builds a request record (or a streamed call's header) from its bytes under the field limit; a malformed one is the client's fault (400, 413).</summary>
internal static class RequestRecordDecoder
{
    /// <summary>
    /// Decodes <paramref name="body"/>, whose decoding was charged for <paramref name="maxFields"/>
    /// fields; what decoding did not use of that charge goes back to <paramref name="budget"/> at
    /// once (and out of <paramref name="reserved"/>), the rest is held until the answer is written.
    /// </summary>
    public static TRequest Decode<TRequest>(ProtoRead<TRequest> read, string requestName, byte[] body, long maxFields, RequestMemoryBudget budget, ref long reserved)
    {
        // With maxFields as the most, a body with more fields is refused, never handed back.
        TryDecode(read, requestName, body, maxFields, maxFields, budget, ref reserved, out TRequest request);
        return request;
    }

    /// <summary>
    /// <see cref="Decode"/> within <paramref name="maxFields"/>; false when the body has more and
    /// <paramref name="maxFields"/> is below <paramref name="mostFields"/> (the body's limit): it is
    /// field-dense and is decoded again once charged for <paramref name="mostFields"/>.
    /// </summary>
    public static bool TryDecode<TRequest>(ProtoRead<TRequest> read, string requestName, byte[] body, long maxFields, long mostFields, RequestMemoryBudget budget, ref long reserved, out TRequest request)
    {
        var reader = new ProtoReader(body, maxFields);
        try
        {
            request = read(ref reader);
            long unused = (maxFields - reader.FieldsRead) * RaftServerOptions.DecodedBytesPerField;
            budget.Give(unused);
            reserved -= unused;
            return true;
        }
        catch (ProtoReadException e) when (e.TooManyFields && maxFields < mostFields)
        {
            request = default!;
            return false;
        }
        catch (ProtoReadException e)
        {
            throw Refusal(e, requestName, maxFields);
        }
    }

    /// <summary>The answer to a record that could not be decoded: 413 over the field limit, 400 otherwise.</summary>
    public static RaftCallRefusal Refusal(ProtoReadException e, string requestName, long maxFields)
    {
        if (e.TooManyFields)
        {
            return new RaftCallRefusal(
                RefusalKind.TooManyFields,
                StatusCodes.Status413PayloadTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"Request {requestName} decodes to more than the limit of {maxFields} fields"),
                inner: e);
        }

        string text = e.MissingRequiredField ? $"Invalid {requestName}: a required field is missing" : $"Invalid {requestName}: {e.Message}";
        return new RaftCallRefusal(RefusalKind.InvalidBody, StatusCodes.Status400BadRequest, text, inner: e);
    }
}
