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
        long reserved = 0;
        bool dense = false;
        byte[]? body = null;
        TRequest request = default!;
        try
        {
            if (_read is not null)
            {
                RequestBodyReader.Body read = await RequestBodyReader.ReadAsync(context, services.Options, services.Budget, chargeDecoding: true).ConfigureAwait(false);
                body = read.Array;
                reserved = read.Reserved;
                long expected = RequestBodyReader.ExpectedFields(body.Length, services.Options);
                long most = RequestBodyReader.MaxFields(body.Length, services.Options);
                if (!read.DecodeCharged)
                {
                    // A chunked body: its length is known only now.
                    long charge = RequestBodyReader.ExpectedDecodeCharge(body.Length, services.Options);
                    reserved += services.Budget.TryTake(charge) ? charge : throw RequestBodyReader.BudgetFull(services.Budget, closeConnection: false);
                }

                if (!RequestRecordDecoder.TryDecode(_read, _requestName, body, expected, most, services.Budget, ref reserved, out request))
                {
                    dense = services.DenseLane.TryEnter() ? true : throw DenseLaneBusy(expected);
                    long rest = (most - expected) * RaftServerOptions.DecodedBytesPerField;
                    reserved += await services.Budget.TakeAsync(rest, services.Options.BudgetWait, context.RequestAborted).ConfigureAwait(false)
                        ? rest
                        : throw RequestBodyReader.BudgetFull(services.Budget, closeConnection: false);
                    DenseDecodeLane.Collect();
                    request = RequestRecordDecoder.Decode(_read, _requestName, body, most, services.Budget, ref reserved);
                }
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
            // What this call decoded is garbage from here: a collection (the lane's, or the next dense call's) frees it.
            body = null;
            request = default!;
            if (dense)
            {
                services.DenseLane.Exit();
            }

            services.Budget.Give(reserved);
        }
    }

    private static RaftCallRefusal DenseLaneBusy(long expected) =>
        new(
            RefusalKind.BudgetFull,
            StatusCodes.Status503ServiceUnavailable,
            string.Create(CultureInfo.InvariantCulture, $"Server busy: the request decodes to more than {expected} fields, and another such request is being decoded"),
            retryLater: true);

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
            throw HandlerDeadline.Refusal(timeout, e);
        }
    }
}
