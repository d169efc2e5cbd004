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
        var reader = new ProtoReader(body, maxFields);
        try
        {
            TRequest request = read(ref reader);
            long unused = (maxFields - reader.FieldsRead) * RaftServerOptions.DecodedBytesPerField;
            budget.Give(unused);
            reserved -= unused;
            return request;
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
