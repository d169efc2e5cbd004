using System;
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Diagnostics;
using RaftSdk.Mapping;

namespace RaftSdk.Transport.Pipelining;

/// <summary>One call in a <see cref="RaftPipeline"/>, whatever its types: its request bytes, then its answer or failure.</summary>
internal interface IPipelineCall
{
    RaftClientRoute Route { get; }

    /// <summary>The whole HTTP request (head and body); null once returned to the pool.</summary>
    byte[]? Request { get; }

    int RequestLength { get; }

    /// <summary>Answered, failed or canceled.</summary>
    bool IsDone { get; }

    void Answer(in HttpAnswerHead head, ReadOnlySpan<byte> body);

    void Fail(Exception error);

    void ReturnRequest();
}

/// <summary>A typed call: the task its sender awaits, completed from the pipeline's read loop.</summary>
internal sealed class PipelineCall<TRequest, TResponse> : TaskCompletionSource<TResponse>, IPipelineCall
    where TRequest : IProtoWritable
{
    private readonly RaftMethod<TRequest, TResponse> _method;
    private readonly RaftPipeline _pipeline;
    private readonly RaftClientCall? _observed;
    private byte[]? _request;
    private long? _bodyLength;
    private CancellationTokenRegistration _registration;
    private int _ended;

    // Asynchronous continuations: the read loop must not run the callers' code.
    public PipelineCall(RaftMethod<TRequest, TResponse> method, RaftPipeline pipeline, RaftClientCall? observed)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        _method = method;
        _pipeline = pipeline;
        _observed = observed;
    }

    public RaftClientRoute Route => _method.Route;

    public byte[]? Request => _request;

    public int RequestLength { get; private set; }

    public bool IsDone => Task.IsCompleted;

    /// <summary>Writes the request line and headers (the route's, then the trace context's), then the body, into one pooled buffer.</summary>
    public void Serialize(ReadOnlySpan<byte> head, TRequest request)
    {
        byte[]? trace = _observed?.Activity is Activity activity ? TraceHeaders(activity) : null;
        int traceLength = trace?.Length ?? 0;
        if (Route.IsGet)
        {
            byte[] get = ArrayPool<byte>.Shared.Rent(head.Length + traceLength + 2);
            head.CopyTo(get);
            trace?.CopyTo(get.AsSpan(head.Length));
            "\r\n"u8.CopyTo(get.AsSpan(head.Length + traceLength));
            _request = get;
            RequestLength = head.Length + traceLength + 2;
            return;
        }

        int bodyLength = request.CalculateProtoSize();
        string digits = bodyLength.ToString(CultureInfo.InvariantCulture);
        int total = head.Length + traceLength + "Content-Length: ".Length + digits.Length + 4 + bodyLength;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            Span<byte> span = buffer;
            head.CopyTo(span);
            int at = head.Length;
            trace?.CopyTo(span[at..]);
            at += traceLength;
            "Content-Length: "u8.CopyTo(span[at..]);
            at += "Content-Length: ".Length;
            at += Encoding.ASCII.GetBytes(digits, span[at..]);
            "\r\n\r\n"u8.CopyTo(span[at..]);
            at += 4;
            ProtoBody.Write(request, span.Slice(at, bodyLength));
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        _request = buffer;
        RequestLength = total;
        _bodyLength = bodyLength;
    }

    public void Register(CancellationToken cancellationToken)
    {
        _registration = cancellationToken.UnsafeRegister(
            static (state, token) => ((PipelineCall<TRequest, TResponse>)state!).Complete(new OperationCanceledException(token), default), this);
    }

    public void Answer(in HttpAnswerHead head, ReadOnlySpan<byte> body)
    {
        if (IsDone)
        {
            return; // canceled after it was written: its answer is read and dropped
        }

        _observed?.OnResponse(head.Status, head.Framing == HttpBodyFraming.ContentLength ? head.ContentLength : body.Length);
        string address = _pipeline.Address;
        RaftClientOptions options = _pipeline.Options;
        try
        {
            Exception? failure = RaftAnswerClassifier.Judge(head.Judged, body, _method, options, address);
            Complete(failure, failure is null ? _method.Decode(body, options.MaxDecodedFields, address) : default);
        }
        catch (RaftProtocolException e)
        {
            Complete(e, default);
        }
    }

    public void Fail(Exception error) => Complete(error, default);

    public void ReturnRequest()
    {
        byte[]? request = Interlocked.Exchange(ref _request, null);
        if (request is not null)
        {
            ArrayPool<byte>.Shared.Return(request);
        }
    }

    // The one way a call ends, once: its span, metrics and failure log, then its task (so that
    // whoever awaits the call sees them recorded).
    private void Complete(Exception? failure, TResponse? result)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            _pipeline.Observe(_observed, Route, _bodyLength, failure);
            _ = failure switch
            {
                null => TrySetResult(result!),
                OperationCanceledException canceled => TrySetCanceled(canceled.CancellationToken),
                _ => TrySetException(failure),
            };
        }

        _registration.Dispose();
    }

    private static byte[] TraceHeaders(Activity activity)
    {
        var lines = new StringBuilder();
        DistributedContextPropagator.Current.Inject(activity, lines, static (carrier, name, value) =>
        {
            if (carrier is StringBuilder text && name is not null && value is not null)
            {
                text.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        });
        return Encoding.ASCII.GetBytes(lines.ToString());
    }
}
