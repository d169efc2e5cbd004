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
    /// Reads and parses the request body, for hand-written routes (generated ones use
    /// <see cref="RaftRoute{TService}.Unary{TRequest, TResponse}"/>). On any problem it writes the answer itself and returns
    /// null: 415 when the Content-Type is not exactly <see cref="RaftServerOptions.ContentType"/>;
    /// 413 when the body is larger than <see cref="RaftServerOptions.MaxRequestBodySize"/>; 400
    /// with a short text when the body is not a valid message or misses a required field, or when
    /// its HTTP framing is broken; 408 when it stalls. A client that goes away gets no answer. It
    /// never throws for anything a client sends.
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
        byte[] body;
        try
        {
            // The same reading and framing statuses as generated routes; hand-written routes have no shared budget.
            body = (await RequestBodyReader.ReadAsync(context, options, Unlimited, chargeDecoding: false).ConfigureAwait(false)).Array;
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            return null;
        }
        catch (RaftCallRefusal refusal)
        {
            await PlainTextAnswer.WriteAsync(context, refusal.StatusCode, refusal.Message, refusal.CloseConnection).ConfigureAwait(false);
            return null;
        }

        T? message = parser.Parse(body, out string? error);
        if (message is null)
        {
            await PlainTextAnswer.WriteAsync(context, StatusCodes.Status400BadRequest, error!).ConfigureAwait(false);
        }

        return message;
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
        T? Parse(byte[] body, out string? error);
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

        public TMessage? Parse(byte[] body, out string? error)
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

        public TRecord? Parse(byte[] body, out string? error)
        {
            try
            {
                // The record's bytes fields wrap the body array (it was read for this request alone).
                var reader = new ProtoReader(body);
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

    private static readonly RequestMemoryBudget Unlimited = new(long.MaxValue);
}
