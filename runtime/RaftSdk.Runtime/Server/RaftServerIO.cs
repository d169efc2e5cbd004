using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace RaftSdk.Server;

/// <summary>
/// The request and response mechanics that generated dispatchers call: exact Content-Type
/// check, size limit, protobuf parsing straight from the request pipe, and protobuf answers
/// written straight into the response pipe.
/// </summary>
public static class RaftServerIO
{
    // Small messages go through one span of the response pipe; larger ones through its buffer writer.
    private const int SingleSpanLimit = 4096;

    /// <summary>
    /// Reads and parses the request body. On any problem it writes the answer itself and returns
    /// null: 415 when the Content-Type is not exactly <see cref="RaftServerOptions.ContentType"/>;
    /// 413 when the body is larger than <see cref="RaftServerOptions.MaxRequestBodySize"/>; 400
    /// with a short text when the body is not a valid message or misses a required field; 500
    /// when the body cannot be read. A client that goes away gets no answer. It never throws for
    /// anything a client sends.
    /// </summary>
    /// <typeparam name="TMessage">The protobuf message of the request.</typeparam>
    /// <param name="context">The HTTP context.</param>
    /// <param name="parser">The message parser.</param>
    /// <param name="options">The server settings.</param>
    /// <returns>The message, or null when an error answer was written.</returns>
    public static ValueTask<TMessage?> ReadRequestAsync<TMessage>(HttpContext context, MessageParser<TMessage> parser, RaftServerOptions options)
        where TMessage : class, IMessage<TMessage> =>
        ReadRequestAsync(context, parser, isInitialized: null, options);

    /// <summary>
    /// Like <see cref="ReadRequestAsync{TMessage}(HttpContext, MessageParser{TMessage}, RaftServerOptions)"/>,
    /// with a reflection-free check of the required fields (for example <c>m =&gt; m.HasTerm</c>).
    /// </summary>
    /// <typeparam name="TMessage">The protobuf message of the request.</typeparam>
    /// <param name="context">The HTTP context.</param>
    /// <param name="parser">The message parser.</param>
    /// <param name="isInitialized">True when every required field is set; null uses Google.Protobuf's <c>IsInitialized()</c>.</param>
    /// <param name="options">The server settings.</param>
    /// <returns>The message, or null when an error answer was written.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<TMessage?> ReadRequestAsync<TMessage>(
        HttpContext context,
        MessageParser<TMessage> parser,
        Func<TMessage, bool>? isInitialized,
        RaftServerOptions options)
        where TMessage : class, IMessage<TMessage>
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(options);

        HttpRequest request = context.Request;
        if (!string.Equals(request.ContentType, options.ContentType, StringComparison.Ordinal))
        {
            await PlainTextAnswer.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Content-Type must be exactly " + options.ContentType).ConfigureAwait(false);
            return null;
        }

        long limit = options.MaxRequestBodySize;
        if (request.ContentLength > limit)
        {
            await WriteTooLargeAsync(context, limit).ConfigureAwait(false);
            return null;
        }

        // The server's own limit must not answer first with its own text; ours is enforced below.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        PipeReader reader = request.BodyReader;
        CancellationToken aborted = context.RequestAborted;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(aborted).ConfigureAwait(false);
            }
            catch (Exception) when (aborted.IsCancellationRequested)
            {
                return null;
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                await WriteTooLargeAsync(context, limit).ConfigureAwait(false);
                return null;
            }
            catch (IOException)
            {
                // Go's server answers 500 when ioutil.ReadAll fails.
                await PlainTextAnswer.WriteAsync(context, StatusCodes.Status500InternalServerError, "Cannot read the request body", closeConnection: true).ConfigureAwait(false);
                return null;
            }

            ReadOnlySequence<byte> buffer = result.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.End);
                await WriteTooLargeAsync(context, limit).ConfigureAwait(false);
                return null;
            }

            if (result.IsCompleted)
            {
                TMessage? message = Parse(buffer, parser, isInitialized, out string? error);
                reader.AdvanceTo(buffer.End);
                if (message is null)
                {
                    await PlainTextAnswer.WriteAsync(context, StatusCodes.Status400BadRequest, error!).ConfigureAwait(false);
                }

                return message;
            }

            if (result.IsCanceled)
            {
                // Only code in this process cancels a pending read; treat it as a failed read.
                reader.AdvanceTo(buffer.Start);
                await PlainTextAnswer.WriteAsync(context, StatusCodes.Status500InternalServerError, "Reading the request body was canceled", closeConnection: true).ConfigureAwait(false);
                return null;
            }

            // Nothing consumed, everything examined: the next read returns the whole body so far plus more.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// Writes a protobuf answer: the status, Content-Type = <see cref="RaftServerOptions.ContentType"/>,
    /// an exact Content-Length, and the message serialized straight into the response pipe.
    /// </summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="message">The answer message.</param>
    /// <param name="options">The server settings.</param>
    /// <param name="statusCode">The HTTP status; 200 by default.</param>
    /// <returns>A task that completes when the answer is flushed.</returns>
    public static Task WriteResponseAsync(HttpContext context, IMessage message, RaftServerOptions options, int statusCode = 200)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(options);

        HttpResponse response = context.Response;
        int size = message.CalculateSize();
        response.StatusCode = statusCode;
        response.ContentType = options.ContentType;
        response.ContentLength = size;
        if (size == 0)
        {
            return Task.CompletedTask;
        }

        PipeWriter writer = response.BodyWriter;
        if (size <= SingleSpanLimit)
        {
            message.WriteTo(writer.GetSpan(size)[..size]);
            writer.Advance(size);
        }
        else
        {
            message.WriteTo(writer);
        }

        ValueTask<FlushResult> flush = writer.FlushAsync();
        return flush.IsCompletedSuccessfully ? Task.CompletedTask : flush.AsTask();
    }

    /// <summary>
    /// True when <paramref name="exception"/> is a fault of the handler or service; false when it
    /// is only the cancellation caused by the client going away (<see cref="HttpContext.RequestAborted"/>).
    /// Meant for <c>catch (Exception e) when (RaftServerIO.IsHandlerFault(context, e))</c>.
    /// </summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="exception">The exception caught.</param>
    /// <returns>True for a real fault.</returns>
    public static bool IsHandlerFault(HttpContext context, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(context);
        return !(exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested);
    }

    /// <summary>
    /// Writes the error answer of a failed call: <paramref name="statusCode"/>, with
    /// <paramref name="body"/> as protobuf when given, else an empty body. Reports the exception
    /// to <see cref="RaftServerOptions.OnHandlerError"/> (nothing is logged by default). When the
    /// answer has already started, the connection is aborted instead, so that the client sees a
    /// failure rather than a truncated answer.
    /// </summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="statusCode">The HTTP status of the error answer.</param>
    /// <param name="exception">The exception the service threw.</param>
    /// <param name="body">The error message to send, or null for an empty body.</param>
    /// <param name="options">The server settings.</param>
    /// <returns>A task that completes when the answer is written.</returns>
    public static Task WriteErrorAsync(HttpContext context, int statusCode, Exception exception, IMessage? body, RaftServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(options);

        options.OnHandlerError?.Invoke(context, exception);
        HttpResponse response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }

        response.Clear();
        if (body is not null)
        {
            return WriteResponseAsync(context, body, options, statusCode);
        }

        response.StatusCode = statusCode;
        response.ContentLength = 0;
        return Task.CompletedTask;
    }

    private static TMessage? Parse<TMessage>(
        ReadOnlySequence<byte> body,
        MessageParser<TMessage> parser,
        Func<TMessage, bool>? isInitialized,
        out string? error)
        where TMessage : class, IMessage<TMessage>
    {
        TMessage message;
        try
        {
            message = parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException e)
        {
            error = $"Invalid {typeof(TMessage).Name}: {e.Message}";
            return null;
        }

        bool complete = isInitialized is null ? message.IsInitialized() : isInitialized(message);
        if (!complete)
        {
            error = $"Invalid {typeof(TMessage).Name}: a required field is missing";
            return null;
        }

        error = null;
        return message;
    }

    private static Task WriteTooLargeAsync(HttpContext context, long limit) =>
        PlainTextAnswer.WriteAsync(
            context,
            StatusCodes.Status413PayloadTooLarge,
            string.Create(CultureInfo.InvariantCulture, $"Request body larger than the limit of {limit} bytes"),
            closeConnection: true);
}
