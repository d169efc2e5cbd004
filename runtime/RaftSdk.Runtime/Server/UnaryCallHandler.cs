using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using RaftSdk.Mapping;

namespace RaftSdk.Server;

/// <summary>
/// The one generic call of a generated route (grpc-dotnet's <c>UnaryServerCallHandler</c>):
/// read the body within the budget and decode the request record with its direct reader
/// (<see cref="RequestRecordReader"/>, the dense lane included), call the service (with the
/// deadline when one is set), write the answer record with its direct writer. Every failure
/// goes to <see cref="ServerCallHandler{TService}.HandleCallExceptionAsync"/>.
/// </summary>
internal sealed class UnaryCallHandler<TService, TRequest, TResponse> : ProtoAnswerCallHandler<TService, TResponse>
    where TService : class
    where TResponse : IProtoWritable
{
    private readonly ProtoRead<TRequest>? _read;
    private readonly string _requestName;
    private readonly Func<TService, TRequest, CancellationToken, ValueTask<TResponse>> _invoke;

    public UnaryCallHandler(
        ProtoRead<TRequest>? read,
        string requestName,
        Func<TService, TRequest, CancellationToken, ValueTask<TResponse>> invoke,
        int errorStatusCode,
        Func<Exception, TResponse>? errorResponse)
        : base(errorStatusCode, errorResponse)
    {
        _read = read;
        _requestName = requestName;
        _invoke = invoke;
    }

    public override async Task HandleCallAsync(HttpContext context, TService service, ServerCallServices services)
    {
        CallPhase phase = CallPhase.Reading;
        RequestRecordReader.Held<TRequest> held = default;
        try
        {
            if (_read is not null)
            {
                held = await RequestRecordReader.ReadAsync(context, _read, _requestName, services).ConfigureAwait(false);
            }

            phase = CallPhase.Invoking;
            TResponse response = services.Options.HandlerTimeout is TimeSpan timeout
                ? await HandlerDeadline.InvokeAsync(
                    (Invoke: _invoke, Service: service, Request: held.Request), static (call, token) => call.Invoke(call.Service, call.Request, token), timeout, context.RequestAborted).ConfigureAwait(false)
                : await _invoke(service, held.Request, context.RequestAborted).ConfigureAwait(false);

            phase = CallPhase.Writing;
            await ProtoResponseWriter.WriteAsync(context, response, services.Options.ContentType, StatusCodes.Status200OK).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await HandleCallExceptionAsync(context, e, phase, services).ConfigureAwait(false);
        }
        finally
        {
            RequestRecordReader.Release(services, ref held);
        }
    }
}
