using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using RaftSdk.Diagnostics;
using RaftSdk.Mapping;

namespace RaftSdk.Server;

/// <summary>
/// The call of a route that takes a header message and the rest of the body as a
/// <see cref="Stream"/> (<see cref="RaftRoute{TService}.StreamedRequest"/>): read and decode the
/// header (<see cref="StreamedRequestReader"/>), call the service with the header and a
/// <see cref="RequestBodyStream"/> over Kestrel's pipe, write the answer record. No fixed
/// deadline (<see cref="RaftServerOptions.HandlerTimeout"/> does not apply): a body larger than
/// memory takes as long as it takes, and a sender that is too slow is cut by the minimum data
/// rate instead (408). The service's token fires when the client goes away. A read the client
/// broke is answered as that refusal whatever the service made of it; an answer written before
/// the body was read to its end closes the connection (nothing drains the rest).
/// </summary>
internal sealed class StreamedRequestCallHandler<TService, THeader, TResponse> : ProtoAnswerCallHandler<TService, TResponse>
    where TService : class
    where TResponse : IProtoWritable
{
    private readonly ProtoRead<THeader> _read;
    private readonly string _headerName;
    private readonly Func<TService, THeader, Stream, CancellationToken, ValueTask<TResponse>> _invoke;

    public StreamedRequestCallHandler(
        ProtoRead<THeader> read,
        string headerName,
        Func<TService, THeader, Stream, CancellationToken, ValueTask<TResponse>> invoke,
        int errorStatusCode,
        Func<Exception, TResponse>? errorResponse)
        : base(errorStatusCode, errorResponse)
    {
        _read = read;
        _headerName = headerName;
        _invoke = invoke;
    }

    public override async Task HandleCallAsync(HttpContext context, TService service, ServerCallServices services)
    {
        CallPhase phase = CallPhase.Reading;
        long reserved = 0;
        RequestBodyStream? body = null;
        StreamedBodyBytes? moved = StreamedBodyBytes.Track(context);
        long headBytes = 0;
        try
        {
            StreamedRequestReader.Head head = await StreamedRequestReader.ReadAsync(context, services.Options, services.Budget).ConfigureAwait(false);
            reserved = head.Reserved;
            headBytes = head.Bytes;
            long maxFields = RequestBodyReader.MaxFields(head.Header.Length, services.Options);
            THeader header = RequestRecordDecoder.Decode(_read, _headerName, head.Header, maxFields, services.Budget, ref reserved);

            body = new RequestBodyStream(context.Request.BodyReader, context.RequestAborted);
            phase = CallPhase.Invoking;
            TResponse response = await _invoke(service, header, body, context.RequestAborted).ConfigureAwait(false);

            phase = CallPhase.Writing;
            if (body.Refusal is RaftCallRefusal refused)
            {
                // The service swallowed the client's fault and answered anyway; the client still gets the fault.
                throw refused;
            }

            CloseUnlessDrained(context, body);
            await ProtoResponseWriter.WriteAsync(context, response, services.Options.ContentType, StatusCodes.Status200OK).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await HandleCallExceptionAsync(context, body?.Refusal ?? e, phase, services).ConfigureAwait(false);
        }
        finally
        {
            if (moved is not null && headBytes > 0)
            {
                moved.Request = headBytes + (body?.Position ?? 0);
            }

            services.Budget.Give(reserved);
        }
    }

    protected override Task WriteServiceErrorAsync(HttpContext context, Exception exception, ServerCallServices services)
    {
        // The service failed mid-body as a rule: the rest is not worth draining (the funnel cleared the headers).
        context.Response.Headers.Connection = "close";
        return base.WriteServiceErrorAsync(context, exception, services);
    }

    private static void CloseUnlessDrained(HttpContext context, RequestBodyStream body)
    {
        if (!body.Ended && !context.Response.HasStarted)
        {
            // Kestrel would otherwise read (and drop) the rest of a body that may be larger than memory before the next request.
            context.Response.Headers.Connection = "close";
        }
    }
}
