using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;
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
    private byte[]? _request;
    private CancellationTokenRegistration _registration;

    // Asynchronous continuations: the read loop must not run the callers' code.
    public PipelineCall(RaftMethod<TRequest, TResponse> method, RaftPipeline pipeline)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        _method = method;
        _pipeline = pipeline;
    }

    public RaftClientRoute Route => _method.Route;

    public byte[]? Request => _request;

    public int RequestLength { get; private set; }

    public bool IsDone => Task.IsCompleted;

    /// <summary>Writes the request line, headers and body into one pooled buffer.</summary>
    public void Serialize(ReadOnlySpan<byte> head, TRequest request)
    {
        if (Route.IsGet)
        {
            byte[] get = ArrayPool<byte>.Shared.Rent(head.Length);
            head.CopyTo(get);
            _request = get;
            RequestLength = head.Length;
            return;
        }

        int bodyLength = request.CalculateProtoSize();
        Span<byte> digits = stackalloc byte[16];
        bodyLength.TryFormat(digits, out int digitCount, default, System.Globalization.CultureInfo.InvariantCulture);
        int total = head.Length + digitCount + 4 + bodyLength;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            Span<byte> span = buffer;
            head.CopyTo(span);
            int at = head.Length;
            digits[..digitCount].CopyTo(span[at..]);
            at += digitCount;
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
    }

    public void Register(CancellationToken cancellationToken)
    {
        _registration = cancellationToken.UnsafeRegister(
            static (state, token) => ((PipelineCall<TRequest, TResponse>)state!).TrySetCanceled(token), this);
    }

    public void Answer(in HttpAnswerHead head, ReadOnlySpan<byte> body)
    {
        if (IsDone)
        {
            return; // canceled after it was written: its answer is read and dropped
        }

        string address = _pipeline.Address;
        RaftClientOptions options = _pipeline.Options;
        try
        {
            if (RaftAnswerClassifier.Judge(head.Judged, body, _method, options, address) is Exception failure)
            {
                TrySetException(failure);
            }
            else
            {
                TrySetResult(_method.Decode(body, options.MaxDecodedFields, address));
            }
        }
        catch (RaftProtocolException e)
        {
            TrySetException(e);
        }

        _registration.Dispose();
    }

    public void Fail(Exception error)
    {
        TrySetException(error);
        _registration.Dispose();
    }

    public void ReturnRequest()
    {
        byte[]? request = Interlocked.Exchange(ref _request, null);
        if (request is not null)
        {
            ArrayPool<byte>.Shared.Return(request);
        }
    }
}
