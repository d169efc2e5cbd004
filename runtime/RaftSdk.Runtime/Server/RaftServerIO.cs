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
using RaftSdk.Mapping;

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
    public static ValueTask<TMessage?> ReadRequestAsync<TMessage>(
        HttpContext context,
        MessageParser<TMessage> parser,
        Func<TMessage, bool>? isInitialized,
        RaftServerOptions options)
        where TMessage : class, IMessage<TMessage>
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(options);
        return ReadBodyAsync<TMessage, MessageBodyParser<TMessage>>(context, new MessageBodyParser<TMessage>(parser, isInitialized), options);
    }

    /// <summary>
    /// Like <see cref="ReadRequestAsync{TMessage}(HttpContext, MessageParser{TMessage}, Func{TMessage, bool}?, RaftServerOptions)"/>,
    /// but builds the request record straight from the body with a generated <c>ReadProto</c>
    /// (no Google.Protobuf object graph). The body is copied once out of the request pipe into an
    /// array that the record owns: its bytes fields are slices of it, not copies.
    /// </summary>
    /// <typeparam name="TRecord">The request record.</typeparam>
    /// <param name="context">The HTTP context.</param>
    /// <param name="read">The record's reader, e.g. <c>static (ref ProtoReader r) =&gt; AppendRequest.ReadProto(ref r)</c>.</param>
    /// <param name="messageName">The protobuf message name, for the 400 text.</param>
    /// <param name="options">The server settings.</param>
    /// <returns>The record, or null when an error answer was written.</returns>
    public static ValueTask<TRecord?> ReadRequestAsync<TRecord>(
        HttpContext context,
        ProtoRead<TRecord> read,
        string messageName,
        RaftServerOptions options)
        where TRecord : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(options);
        return ReadBodyAsync<TRecord, RecordBodyParser<TRecord>>(context, new RecordBodyParser<TRecord>(read, messageName), options);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<T?> ReadBodyAsync<T, TParser>(HttpContext context, TParser parser, RaftServerOptions options)
        where T : class
        where TParser : struct, IBodyParser<T>
    {
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
                T? message = parser.Parse(buffer, out string? error);
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

    private interface IBodyParser<T>
        where T : class
    {
        T? Parse(ReadOnlySequence<byte> body, out string? error);
    }

    private readonly struct MessageBodyParser<TMessage> : IBodyParser<TMessage>
        where TMessage : class, IMessage<TMessage>
    {
        private readonly MessageParser<TMessage> _parser;
        private readonly Func<TMessage, bool>? _isInitialized;

        public MessageBodyParser(MessageParser<TMessage> parser, Func<TMessage, bool>? isInitialized)
        {
            _parser = parser;
            _isInitialized = isInitialized;
        }

        public TMessage? Parse(ReadOnlySequence<byte> body, out string? error)
        {
            TMessage message;
            try
            {
                message = _parser.ParseFrom(body);
            }
            catch (InvalidProtocolBufferException e)
            {
                error = $"Invalid {typeof(TMessage).Name}: {e.Message}";
                return null;
            }

            bool complete = _isInitialized is null ? message.IsInitialized() : _isInitialized(message);
            if (!complete)
            {
                error = $"Invalid {typeof(TMessage).Name}: a required field is missing";
                return null;
            }

            error = null;
            return message;
        }
    }

    private readonly struct RecordBodyParser<TRecord> : IBodyParser<TRecord>
        where TRecord : class
    {
        private readonly ProtoRead<TRecord> _read;
        private readonly string _name;

        public RecordBodyParser(ProtoRead<TRecord> read, string name)
        {
            _read = read;
            _name = name;
        }

        public TRecord? Parse(ReadOnlySequence<byte> body, out string? error)
        {
            // One copy out of the pipe (its memory is reused after this request); the record's
            // bytes fields then wrap this array.
            byte[] array = body.IsEmpty ? Array.Empty<byte>() : body.ToArray();
            try
            {
                var reader = new ProtoReader(array);
                TRecord record = _read(ref reader);
                error = null;
                return record;
            }
            catch (ProtoReadException e)
            {
                error = e.MissingRequiredField ? $"Invalid {_name}: a required field is missing" : $"Invalid {_name}: {e.Message}";
                return null;
            }
        }
    }

    private static Task WriteTooLargeAsync(HttpContext context, long limit) =>
        PlainTextAnswer.WriteAsync(
            context,
            StatusCodes.Status413PayloadTooLarge,
            string.Create(CultureInfo.InvariantCulture, $"Request body larger than the limit of {limit} bytes"),
            closeConnection: true);
}
