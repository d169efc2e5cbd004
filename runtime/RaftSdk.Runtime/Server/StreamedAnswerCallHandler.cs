using System;
using System.Globalization;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using RaftSdk.Diagnostics;
using RaftSdk.Mapping;
using RaftSdk.Transport;

namespace RaftSdk.Server;

/// <summary>
/// The call of a route that answers a header message and a body stream
/// (<see cref="RaftRoute{TService}.StreamedAnswer{TRequest, THeader}"/>): read and decode the
/// request record as a unary route does (<see cref="RequestRecordReader"/>: a field-dense one
/// holds the dense lane until the call ends), call the service (under
/// <see cref="RaftServerOptions.HandlerTimeout"/>, which covers producing the answer, not sending
/// its body), then write 200 with the framed header (<see cref="RaftStreamFraming"/>, chunked) and
/// copy the service's stream into Kestrel's response pipe one window at a time, each flush awaited
/// (the peer's reading paces the copy). A peer that leaves a window untaken longer than its time at
/// <see cref="RaftServerOptions.MinStreamedBodyDataRate"/> (at least the grace period) is cut and
/// the cut logged as a refusal (408). The service's stream is disposed however the call ends. A failure before the header
/// is sent goes through the funnel as for every route; one after it (the service's stream threw)
/// resets the connection, so the peer's read fails instead of ending early.
/// </summary>
internal sealed class StreamedAnswerCallHandler<TService, TRequest, THeader> : ProtoAnswerCallHandler<TService, THeader>
    where TService : class
    where THeader : IProtoWritable
{
    /// <summary>The most of the body the server holds per call: one window of Kestrel's response pipe (charged to the memory budget).</summary>
    internal const int WindowBytes = (int)StreamedRequestReader.WindowBytes;

    /// <summary>The minimum rate a peer reads a streamed answer at when <see cref="RaftServerOptions.MinStreamedBodyDataRate"/> is not set: Kestrel's default for responses.</summary>
    internal const double DefaultMinDataRate = 240;

    private readonly ProtoRead<TRequest>? _read;
    private readonly string _requestName;
    private readonly Func<TService, TRequest, CancellationToken, ValueTask<RaftStreamedAnswer<THeader>>> _invoke;

    public StreamedAnswerCallHandler(
        ProtoRead<TRequest>? read,
        string requestName,
        Func<TService, TRequest, CancellationToken, ValueTask<RaftStreamedAnswer<THeader>>> invoke,
        int errorStatusCode,
        Func<Exception, THeader>? errorResponse)
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
        long window = 0;
        RaftStreamedAnswer<THeader>? answer = null;
        StreamedBodyBytes? moved = StreamedBodyBytes.Track(context);
        try
        {
            if (_read is not null)
            {
                // As a unary route reads it: a field-dense request waits for the same lane.
                held = await RequestRecordReader.ReadAsync(context, _read, _requestName, services).ConfigureAwait(false);
            }

            // The window before the service runs: a full server refuses before it opens anything.
            window = RequestBodyReader.Take(services.Budget, WindowBytes);
            phase = CallPhase.Invoking;
            answer = services.Options.HandlerTimeout is TimeSpan timeout
                ? await HandlerDeadline.InvokeAsync(
                    (Invoke: _invoke, Service: service, Request: held.Request), static (call, token) => call.Invoke(call.Service, call.Request, token), timeout, context.RequestAborted,
                    static late => late.Dispose()).ConfigureAwait(false)  // a late answer still owns its stream
                : await _invoke(service, held.Request, context.RequestAborted).ConfigureAwait(false);
            if (answer is null)
            {
                throw new InvalidOperationException($"The handler of {context.Request.Path} returned no streamed answer (null).");
            }

            phase = CallPhase.Writing;
            await WriteHeaderAsync(context, answer.Header, services.Options, moved).ConfigureAwait(false);
            await CopyBodyAsync(context, answer.Body, services.Options, moved).ConfigureAwait(false);
        }
        catch (ServiceBodyException e)
        {
            // The service's stream broke mid-body: the service's fault (the header is out, so the connection is reset).
            await HandleCallExceptionAsync(context, e.InnerException!, CallPhase.Invoking, services).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await HandleCallExceptionAsync(context, e, phase, services).ConfigureAwait(false);
        }
        finally
        {
            if (answer is not null)
            {
                await DisposeQuietlyAsync(answer, context, services).ConfigureAwait(false);
            }

            services.Budget.Give(window);
            RequestRecordReader.Release(services, ref held);
        }
    }

    private static async Task WriteHeaderAsync(HttpContext context, THeader header, RaftServerOptions options, StreamedBodyBytes? moved)
    {
        HttpResponse response = context.Response;
        int size = header.CalculateProtoSize();
        int prefixed = ProtoSize.Length(size);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = RaftStreamFraming.ContentTypeFor(options.ContentType);
        PipeWriter pipe = response.BodyWriter;
        Span<byte> span = pipe.GetSpan(prefixed)[..prefixed];
        var writer = new ProtoWriter(span);
        writer.WriteLength(size);
        ProtoBody.Write(header, span[writer.Position..]);
        pipe.Advance(prefixed);

        // Sent at once: the body may take long to come, the header is what the peer decides on.
        await pipe.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        if (moved is not null)
        {
            moved.Response = prefixed;
        }
    }

    // A failure of the service's stream is thrown as ServiceBodyException; one of the peer's connection as itself.
    private static async Task CopyBodyAsync(HttpContext context, Stream body, RaftServerOptions options, StreamedBodyBytes? moved)
    {
        PipeWriter pipe = context.Response.BodyWriter;
        CancellationToken aborted = context.RequestAborted;
        double rate = options.MinStreamedBodyDataRate ?? DefaultMinDataRate;

        // Each window must be taken by the peer in its time at the minimum rate (at least the grace
        // period), or the connection is cut. Kestrel's own minimum response rate averages over the
        // whole answer, so a peer that read fast once could stall for hours.
        using var stalled = new CancellationTokenSource();
        using CancellationTokenRegistration cut = stalled.Token.UnsafeRegister(static state => ((HttpContext)state!).Abort(), context);
        while (true)
        {
            Memory<byte> window = pipe.GetMemory(WindowBytes);
            int read = await ReadServiceBodyAsync(body, window.Length > WindowBytes ? window[..WindowBytes] : window, aborted).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            pipe.Advance(read);
            TimeSpan allowed = TimeSpan.FromSeconds(Math.Max(options.MinStreamedBodyGracePeriod.TotalSeconds, read / rate));
            stalled.CancelAfter(allowed);
            FlushResult flushed;
            try
            {
                flushed = await pipe.FlushAsync(aborted).ConfigureAwait(false);
            }
            catch (Exception e) when (stalled.IsCancellationRequested)
            {
                throw TooSlow(read, allowed, rate, e);
            }

            if (stalled.IsCancellationRequested)
            {
                throw TooSlow(read, allowed, rate, null);
            }

            stalled.CancelAfter(Timeout.InfiniteTimeSpan);
            if (flushed.IsCanceled || flushed.IsCompleted)
            {
                // The peer closed the connection (it disposed the body early): nobody to answer, nothing to report.
                context.Abort();
                return;
            }

            if (moved is not null)
            {
                moved.Response += read;
            }
        }
    }

    private static RaftCallRefusal TooSlow(int window, TimeSpan allowed, double rate, Exception? inner) =>
        new(
            RefusalKind.BodyTimeout,
            StatusCodes.Status408RequestTimeout,
            string.Create(CultureInfo.InvariantCulture, $"The peer read the streamed answer too slowly: {window} bytes were not taken within {allowed.TotalSeconds:0.###} s (minimum data rate {rate:0.###} B/s); the connection was cut"),
            closeConnection: true,
            inner: inner);

    private static async ValueTask<int> ReadServiceBodyAsync(Stream body, Memory<byte> window, CancellationToken aborted)
    {
        try
        {
            return await body.ReadAsync(window, aborted).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw new ServiceBodyException(e);
        }
    }

    private static async ValueTask DisposeQuietlyAsync(RaftStreamedAnswer<THeader> answer, HttpContext context, ServerCallServices services)
    {
        try
        {
            await answer.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The answer is written (or failed for another reason): the stream's own fault is only reported.
            try
            {
                services.Options.OnHandlerError?.Invoke(context, e);
            }
            catch (Exception)
            {
                // An observer that fails must not fail the call.
            }
        }
    }
}
