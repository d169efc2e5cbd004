using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using RaftSdk.Mapping;

namespace RaftSdk.Server;

/// <summary>
/// The request record of a call that reads one whole (a unary route, and the request of a
/// streamed answer): the body read within the memory budget and charged for the fields it is
/// expected to decode to (<see cref="RequestBodyReader"/>), then decoded. A field-dense body, one
/// that goes past its expected fields, takes <see cref="DenseDecodeLane"/> (503 at once when
/// another call holds it) and its worst-case charge, and is decoded again. The call holds what it
/// got until it ends, then gives it back with <see cref="Release"/>.
/// </summary>
internal static class RequestRecordReader
{
    /// <summary>The record, the budget it holds, and whether the call holds the dense lane.</summary>
    internal readonly record struct Held<TRequest>(TRequest Request, long Reserved, bool Dense);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<Held<TRequest>> ReadAsync<TRequest>(HttpContext context, ProtoRead<TRequest> read, string requestName, ServerCallServices services)
    {
        RequestBodyReader.Body body = await RequestBodyReader.ReadAsync(context, services.Options, services.Budget, chargeDecoding: true).ConfigureAwait(false);
        long reserved = body.Reserved;
        bool dense = false;
        try
        {
            int length = body.Array.Length;
            long expected = RequestBodyReader.ExpectedFields(length, services.Options);
            long most = RequestBodyReader.MaxFields(length, services.Options);
            if (!body.DecodeCharged)
            {
                // A chunked body: its length is known only now.
                long charge = RequestBodyReader.ExpectedDecodeCharge(length, services.Options);
                reserved += services.Budget.TryTake(charge) ? charge : throw RequestBodyReader.BudgetFull(services.Budget, closeConnection: false);
            }

            if (RequestRecordDecoder.TryDecode(read, requestName, body.Array, expected, most, services.Budget, ref reserved, out TRequest request))
            {
                return new Held<TRequest>(request, reserved, Dense: false);
            }

            dense = services.DenseLane.TryEnter() ? true : throw DenseLaneBusy(expected);
            long rest = (most - expected) * RaftServerOptions.DecodedBytesPerField;
            reserved += await services.Budget.TakeAsync(rest, services.Options.BudgetWait, context.RequestAborted).ConfigureAwait(false)
                ? rest
                : throw RequestBodyReader.BudgetFull(services.Budget, closeConnection: false);
            DenseDecodeLane.Collect();
            request = RequestRecordDecoder.Decode(read, requestName, body.Array, most, services.Budget, ref reserved);
            return new Held<TRequest>(request, reserved, Dense: true);
        }
        catch
        {
            // Nothing of this call may stay reachable for the lane's collection.
            body = default;
            Release(services, reserved, dense);
            throw;
        }
    }

    /// <summary>Gives back what <paramref name="held"/> holds; the record is dropped first, so that the lane's collection frees what it decoded.</summary>
    public static void Release<TRequest>(ServerCallServices services, ref Held<TRequest> held)
    {
        (long reserved, bool dense) = (held.Reserved, held.Dense);
        held = default;
        Release(services, reserved, dense);
    }

    private static void Release(ServerCallServices services, long reserved, bool dense)
    {
        if (dense)
        {
            services.DenseLane.Exit();
        }

        services.Budget.Give(reserved);
    }

    private static RaftCallRefusal DenseLaneBusy(long expected) =>
        new(
            RefusalKind.BudgetFull,
            StatusCodes.Status503ServiceUnavailable,
            string.Create(CultureInfo.InvariantCulture, $"Server busy: the request decodes to more than {expected} fields, and another such request is being decoded"),
            retryLater: true);
}
