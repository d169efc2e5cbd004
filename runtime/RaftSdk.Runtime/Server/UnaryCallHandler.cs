using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using RaftSdk.Mapping;

namespace RaftSdk.Server;

/// <summary>
/// The one generic call of a generated route (grpc-dotnet's <c>UnaryServerCallHandler</c>):
/// read the body within the budget, decode the request record with its direct reader, call the
/// service (with the deadline when one is set), write the answer record with its direct writer.
/// Every failure goes to <see cref="ServerCallHandler{TService}.HandleCallExceptionAsync"/>.
/// </summary>
internal sealed class UnaryCallHandler<TService, TRequest, TResponse> : ServerCallHandler<TService>
    where TService : class
    where TResponse : IProtoWritable
{
    private readonly ProtoRead<TRequest>? _read;
    private readonly string _requestName;
    private readonly Func<TService, TRequest, CancellationToken, ValueTask<TResponse>> _invoke;
    private readonly int _errorStatusCode;
    private readonly Func<Exception, TResponse>? _errorResponse;

    public UnaryCallHandler(
        ProtoRead<TRequest>? read,
        string requestName,
        Func<TService, TRequest, CancellationToken, ValueTask<TResponse>> invoke,
        int errorStatusCode,
        Func<Exception, TResponse>? errorResponse)
    {
        _read = read;
        _requestName = requestName;
        _invoke = invoke;
        _errorStatusCode = errorStatusCode;
        _errorResponse = errorResponse;
    }

    protected override int ServiceErrorStatus => _errorStatusCode;

    public override async Task HandleCallAsync(HttpContext context, TService service, ServerCallServices services)
    {
        CallPhase phase = CallPhase.Reading;
        long reserved = 0;
        try
        {
            TRequest request = default!;
            if (_read is not null)
            {
                RequestBodyReader.Body body = await RequestBodyReader.ReadAsync(context, services.Options, services.Budget, chargeDecoding: true).ConfigureAwait(false);
                reserved = body.Reserved;
                request = Decode(body.Array, body.DecodeCharged, ref reserved, services);
            }

            phase = CallPhase.Invoking;
            TResponse response = services.Options.HandlerTimeout is TimeSpan timeout
                ? await InvokeWithDeadlineAsync(service, request, timeout, context.RequestAborted).ConfigureAwait(false)
                : await _invoke(service, request, context.RequestAborted).ConfigureAwait(false);

            phase = CallPhase.Writing;
            await ProtoResponseWriter.WriteAsync(context, response, services.Options.ContentType, StatusCodes.Status200OK).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await HandleCallExceptionAsync(context, e, phase, services).ConfigureAwait(false);
        }
        finally
        {
            services.Budget.Give(reserved);
        }
    }

    protected override Task WriteServiceErrorAsync(HttpContext context, Exception exception, ServerCallServices services)
    {
        if (_errorResponse is null)
        {
            return base.WriteServiceErrorAsync(context, exception, services);
        }

        return ProtoResponseWriter.WriteAsync(context, _errorResponse(exception), services.Options.ContentType, _errorStatusCode);
    }

    private TRequest Decode(byte[] body, bool charged, ref long reserved, ServerCallServices services)
    {
        long maxFields = RequestBodyReader.MaxFields(body.Length, services.Options);
        if (!charged)
        {
            // A chunked body: its length is known only now.
            long charge = RequestBodyReader.DecodeCharge(body.Length, services.Options);
            if (!services.Budget.TryTake(charge))
            {
                throw new RaftCallRefusal(
                    RefusalKind.BudgetFull,
                    StatusCodes.Status503ServiceUnavailable,
                    string.Create(CultureInfo.InvariantCulture, $"Server busy: requests in flight hold the memory budget of {services.Budget.Capacity} bytes"),
                    retryLater: true);
            }

            reserved += charge;
        }

        var reader = new ProtoReader(body, maxFields);
        try
        {
            TRequest request = _read!(ref reader);

            // What decoding did not use goes back at once; the rest is held until the answer is written.
            long unused = (maxFields - reader.FieldsRead) * RaftServerOptions.DecodedBytesPerField;
            services.Budget.Give(unused);
            reserved -= unused;
            return request;
        }
        catch (ProtoReadException e) when (e.TooManyFields)
        {
            throw new RaftCallRefusal(
                RefusalKind.TooManyFields,
                StatusCodes.Status413PayloadTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"Request {_requestName} decodes to more than the limit of {maxFields} fields"),
                inner: e);
        }
        catch (ProtoReadException e)
        {
            string text = e.MissingRequiredField ? $"Invalid {_requestName}: a required field is missing" : $"Invalid {_requestName}: {e.Message}";
            throw new RaftCallRefusal(RefusalKind.InvalidBody, StatusCodes.Status400BadRequest, text, inner: e);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<TResponse> InvokeWithDeadlineAsync(TService service, TRequest request, TimeSpan timeout, CancellationToken aborted)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(timeout);
        try
        {
            // WaitAsync answers even when the handler ignores its token.
            return await _invoke(service, request, deadline.Token).AsTask().WaitAsync(timeout, aborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException && !aborted.IsCancellationRequested && (e is TimeoutException || deadline.IsCancellationRequested))
        {
            throw new RaftCallRefusal(
                RefusalKind.HandlerDeadline,
                StatusCodes.Status504GatewayTimeout,
                string.Create(CultureInfo.InvariantCulture, $"The handler did not finish within its deadline of {timeout.TotalMilliseconds:0} ms"),
                inner: e);
        }
    }
}
