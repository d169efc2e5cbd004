using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Diagnostics;
using RaftSdk.Mapping;
using RaftSdk.Transport.Pipelining;

namespace RaftSdk.Transport;

/// <summary>
/// Many calls in flight on one HTTP/1.1 connection to one peer (HTTP/1.1 pipelining, as
/// hashicorp/raft's AppendPipeline): requests are written back to back in the order
/// <see cref="SendAsync"/> was called, and answers are read in that same order, so a follower sees
/// appends in order without waiting a round trip for each. Both Kestrel and Go's net/http answer
/// pipelined requests in order, one at a time.
/// </summary>
/// <remarks>
/// <para>At most <see cref="Depth"/> requests are on the wire unanswered; a send beyond waits, in
/// call order, inside its task until an answer frees a slot (back-pressure without reordering).</para>
/// <para>Canceling a call that is not written yet removes it; a written call's answer is still
/// read (to keep the order) and dropped.</para>
/// <para>When the connection breaks, every outstanding call fails with a
/// <see cref="RaftConnectionException"/> (a malformed answer: the call it belongs to with a
/// <see cref="RaftProtocolException"/>); when no answer arrives for
/// <see cref="RaftClientOptions.Timeout"/> while calls are in flight, they fail with
/// <see cref="RaftTimeoutException"/>. A broken pipeline stays broken: open a new one.</para>
/// <para>Thread-safe. Dispose it to close the connection; outstanding calls then fail with
/// <see cref="ObjectDisposedException"/>.</para>
/// </remarks>
public sealed class RaftPipeline : IAsyncDisposable
{
    private const string ConnectPath = "(pipeline connect)";

    // Requests written with one write call, when they fit; a larger one is written alone.
    private const int BatchBytes = 64 * 1024;

    private static readonly long TicksPerMillisecond = Stopwatch.Frequency / 1000;

    private readonly RaftClientOptions _options;
    private readonly RaftClientInstrumentation _instrumentation;
    private readonly Stream _stream;
    private readonly HttpAnswerReader _answers;
    private readonly object _gate = new();
    private readonly Queue<IPipelineCall> _waiting = new();
    private readonly Queue<IPipelineCall> _inFlight = new();
    private readonly SemaphoreSlim _work = new(0);
    private readonly byte[] _batch = new byte[BatchBytes];
    private readonly List<IPipelineCall> _taken = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly ConcurrentDictionary<RaftClientRoute, byte[]> _heads = new();
    private readonly Timer? _watchdog;
    private readonly Task _writeLoop;
    private readonly Task _readLoop;
    private int _signalled;

    // 1 while someone writes (a caller or the write loop): _batch and _taken are theirs then.
    private int _writer;
    private long _lastProgress;
    private Exception? _failure;

    // Why writing stopped, while answers already sent may still be read (a server's early 413).
    private Exception? _writeFailure;

    private RaftPipeline(RaftClientOptions options, RaftClientInstrumentation instrumentation, string address, Stream stream, int depth)
    {
        _options = options;
        _instrumentation = instrumentation;
        Address = address;
        Depth = depth;
        _stream = stream;
        _answers = new HttpAnswerReader(stream, options.ContentType);
        _lastProgress = Stopwatch.GetTimestamp();
        if (options.Timeout != Timeout.InfiniteTimeSpan)
        {
            TimeSpan period = TimeSpan.FromTicks(Math.Clamp(options.Timeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 20, TimeSpan.TicksPerSecond));
            _watchdog = new Timer(static state => ((RaftPipeline)state!).CheckProgress(), this, period, period);
        }

        _writeLoop = Task.Run(WriteLoopAsync);
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>The peer, <c>host:port</c>.</summary>
    public string Address { get; }

    /// <summary>The most requests on the wire unanswered.</summary>
    public int Depth { get; }

    /// <summary>True once the connection broke or the pipeline was disposed; every later send fails.</summary>
    public bool IsBroken => Volatile.Read(ref _failure) is not null;

    /// <summary>The calls written and not answered yet (at most <see cref="Depth"/>).</summary>
    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight.Count;
            }
        }
    }

    /// <summary>The calls queued behind the in-flight ones, not written yet (canceled ones included until they reach the front).</summary>
    public int Queued
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    internal RaftClientOptions Options => _options;

    /// <summary>
    /// Queues one call; its request is written after every call queued before it, and its task
    /// completes with the answer (or the failure) in that order.
    /// </summary>
    /// <typeparam name="TRequest">The request record; <see cref="RaftNoBody"/> for a GET.</typeparam>
    /// <typeparam name="TResponse">The response record.</typeparam>
    /// <param name="method">The descriptor of the call (generated clients keep one per route).</param>
    /// <param name="request">The request record; its bytes are taken now, before this method returns.</param>
    /// <param name="cancellationToken">Cancels the call; surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="RaftStatusException">The peer answered with a status other than 200.</exception>
    /// <exception cref="RaftConnectionException">The connection broke before the answer arrived (also for every later send).</exception>
    /// <exception cref="RaftTimeoutException">No answer arrived on the connection for <see cref="RaftClientOptions.Timeout"/>.</exception>
    /// <exception cref="RaftProtocolException">The answer is not valid HTTP/1.1, not a valid, complete message, or too large.</exception>
    /// <exception cref="ObjectDisposedException">The pipeline was disposed.</exception>
    public Task<TResponse> SendAsync<TRequest, TResponse>(RaftMethod<TRequest, TResponse> method, TRequest request, CancellationToken cancellationToken = default)
        where TRequest : IProtoWritable
    {
        ArgumentNullException.ThrowIfNull(method);
        if (!method.Route.IsGet && request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResponse>(cancellationToken);
        }

        // The same spans, metrics and logs as a call through the pooled handler.
        var call = new PipelineCall<TRequest, TResponse>(method, this, _instrumentation.Start(Address, method.Route));
        call.Serialize(Head(method.Route), request);
        if (cancellationToken.CanBeCanceled)
        {
            call.Register(cancellationToken);
        }

        Exception? failure;
        lock (_gate)
        {
            failure = _failure;
            if (failure is null)
            {
                _waiting.Enqueue(call);
            }
        }

        if (failure is not null)
        {
            call.ReturnRequest();
            call.Fail(FailureFor(call, failure));
            return call.Task;
        }

        WriteOrSignal();
        return call.Task;
    }

    /// <summary>Closes the connection; outstanding calls fail with <see cref="ObjectDisposedException"/>.</summary>
    /// <returns>When the pipeline's loops have ended.</returns>
    public async ValueTask DisposeAsync()
    {
        Abort(new ObjectDisposedException(nameof(RaftPipeline), $"The pipeline to {Address} was disposed."));
        try
        {
            await Task.WhenAll(_writeLoop, _readLoop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The loops end on the failure that Abort recorded; it went to the calls already.
        }

        // _work and _closing are not disposed: a racing SendAsync may still signal, and neither
        // holds a wait handle or timer once canceled.
    }

    internal static async Task<RaftPipeline> OpenAsync(RaftClientOptions options, RaftClientInstrumentation instrumentation, RaftPipelineConnector? connector, Uri peer, string address, int depth, CancellationToken cancellationToken)
    {
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.Timeout != Timeout.InfiniteTimeSpan)
        {
            connect.CancelAfter(options.Timeout);
        }

        var handshake = new StrongBox<FirstBytesStream?>();
        try
        {
            Stream stream = connector is null
                ? await ConnectSocketAsync(options, peer, handshake, connect.Token).ConfigureAwait(false)
                : await connector(address, connect.Token).ConfigureAwait(false);
            return new RaftPipeline(options, instrumentation, address, stream, depth);
        }
        catch (Exception e)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException($"Opening a pipeline to {address} was canceled.", e, cancellationToken);
            }

            if (connect.IsCancellationRequested)
            {
                throw new RaftTimeoutException(options.Timeout, address, ConnectPath, e);
            }

            throw TlsMismatch.PlaintextPeer(handshake.Value, address, ConnectPath, e)
                ?? RaftClientFailures.Translate(e, address, ConnectPath, ConnectPath) ?? (Exception)new RaftConnectionException(RaftConnectionFailure.Other, address, ConnectPath, e);
        }
    }

    // A TCP connection (no Nagle: a request is sent whole, at once), with TLS when the options have credentials.
    private static async Task<Stream> ConnectSocketAsync(RaftClientOptions options, Uri peer, StrongBox<FirstBytesStream?> handshake, CancellationToken cancellationToken)
    {
        string host = peer.IdnHost;
        EndPoint endPoint = IPAddress.TryParse(host, out IPAddress? ip) ? new IPEndPoint(ip, peer.Port) : new DnsEndPoint(host, peer.Port);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (options.Tls is { } tls)
            {
                stream = handshake.Value = new FirstBytesStream(stream);
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                SslClientAuthenticationOptions ssloptions = RaftHttpHandlerFactory.SslOptions(tls, oneConnection: true);
                ssloptions.TargetHost = peer.Host;
                ssloptions.ApplicationProtocols = [SslApplicationProtocol.Http11];
                await ssl.AuthenticateAsClientAsync(ssloptions, cancellationToken).ConfigureAwait(false);
            }

            return stream;
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            socket.Dispose();
            throw;
        }
    }

    private byte[] Head(RaftClientRoute route)
    {
        if (_heads.TryGetValue(route, out byte[]? head))
        {
            return head;
        }

        // Trace headers, the Content-Length and the blank line follow per request.
        string text = route.IsGet
            ? $"GET {route.Path} HTTP/1.1\r\nHost: {Address}\r\n"
            : $"{route.Method} {route.Path} HTTP/1.1\r\nHost: {Address}\r\nContent-Type: {_options.ContentType}\r\n";
        head = Encoding.ASCII.GetBytes(text);
        _heads.TryAdd(route, head);
        return head;
    }

    /// <summary>Ends the measurements and span of a call (and logs its failure, bounded), as <see cref="RaftClientCore"/> does.</summary>
    internal void Observe(RaftClientCall? observed, RaftClientRoute route, long? requestSize, Exception? failure) =>
        _instrumentation.Stop(observed, Address, route, requestSize, failure);

    private void Signal()
    {
        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _work.Release();
        }
    }

    // Wakes the write loop for calls a caller did not write itself (behind a busy writer, or
    // waiting for a slot that an answer freed). Once per wake-up, however many signals.
    private async Task WriteLoopAsync()
    {
        while (true)
        {
            await _work.WaitAsync().ConfigureAwait(false);
            Volatile.Write(ref _signalled, 0);
            if (IsBroken || Volatile.Read(ref _writeFailure) is not null)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _writer, 1, 0) == 0)
            {
                await DrainAsync().ConfigureAwait(false);
            }
        }
    }

    // A caller that finds nobody writing writes the queue itself, on its own thread: a lone
    // caller's request leaves without a hand-off to the write loop (a thread-pool hop per call,
    // whatever the depth). Behind a busy writer it only signals.
    private void WriteOrSignal()
    {
        if (Interlocked.CompareExchange(ref _writer, 1, 0) == 0)
        {
            _ = DrainAsync();
        }
        else
        {
            Signal();
        }
    }

    // Holds the writer's turn (_writer == 1): writes what is queued and fits the free slots, in
    // order, one batch per write; then lets go and looks once more, so that a call queued while
    // it was letting go is not left behind.
    private async Task DrainAsync()
    {
        try
        {
            while (Take(_taken, _batch.Length) && _taken.Count > 0)
            {
                await WriteAsync(_taken, _batch).ConfigureAwait(false);
                _taken.Clear();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            StopWriting(e);
        }
        finally
        {
            foreach (IPipelineCall call in _taken)
            {
                call.ReturnRequest();
            }

            _taken.Clear();
            Volatile.Write(ref _writer, 0);
        }

        if (HasWritable())
        {
            Signal();
        }
    }

    private bool HasWritable()
    {
        lock (_gate)
        {
            return _failure is null && _writeFailure is null && _waiting.Count > 0 && _inFlight.Count < Depth;
        }
    }

    // A server that refuses a request before reading its body (413 for an over-limit one) answers
    // and closes: the write fails, but the answers it sent are still on their way. So the read loop
    // goes on until the connection ends, and only then do the calls it did not answer fail (with
    // the write's error). Without calls in flight there is nothing to read: the pipeline breaks now.
    private void StopWriting(Exception failure)
    {
        bool answersPending;
        lock (_gate)
        {
            _writeFailure ??= failure;
            answersPending = _failure is null && _inFlight.Count > 0;
        }

        if (!answersPending)
        {
            Abort(failure);
        }
    }

    // Moves the next calls that fit a batch from waiting to in flight, in order; false once broken.
    private bool Take(List<IPipelineCall> taken, int batchLength)
    {
        int length = 0;
        lock (_gate)
        {
            if (_failure is not null || _writeFailure is not null)
            {
                return false;
            }

            while (_waiting.Count > 0 && _inFlight.Count < Depth)
            {
                IPipelineCall call = _waiting.Peek();
                if (call.IsDone)
                {
                    // Canceled before it was written: it never reaches the peer.
                    _waiting.Dequeue();
                    call.ReturnRequest();
                    continue;
                }

                if (length > 0 && length + call.RequestLength > batchLength)
                {
                    break;
                }

                _waiting.Dequeue();
                if (_inFlight.Count == 0)
                {
                    _lastProgress = Stopwatch.GetTimestamp();
                }

                _inFlight.Enqueue(call);
                taken.Add(call);
                length += call.RequestLength;
            }
        }

        return true;
    }

    private async ValueTask WriteAsync(List<IPipelineCall> taken, byte[] batch)
    {
        if (taken.Count == 1)
        {
            // Alone (a lone caller, or larger than a batch): written from its own buffer, no copy.
            IPipelineCall alone = taken[0];
            await _stream.WriteAsync(alone.Request.AsMemory(0, alone.RequestLength), _closing.Token).ConfigureAwait(false);
            alone.ReturnRequest();
            return;
        }

        int length = 0;
        foreach (IPipelineCall call in taken)
        {
            call.Request.AsSpan(0, call.RequestLength).CopyTo(batch.AsSpan(length));
            length += call.RequestLength;
            call.ReturnRequest();
        }

        await _stream.WriteAsync(batch.AsMemory(0, length), _closing.Token).ConfigureAwait(false);
    }

    private async Task ReadLoopAsync()
    {
        IPipelineCall? current = null;
        try
        {
            while (true)
            {
                HttpAnswerHead? read = await _answers.ReadHeadAsync(_closing.Token).ConfigureAwait(false);
                if (read is not HttpAnswerHead head)
                {
                    Abort(WriteFailureOr(new EndOfStreamException("The peer closed the connection.")));
                    return;
                }

                lock (_gate)
                {
                    if (_inFlight.Count == 0)
                    {
                        throw new HttpAnswerException($"{Address} sent an answer to no request.");
                    }

                    current = _inFlight.Peek();
                }

                PooledBody answer;
                bool reusable = !head.Close;
                if (RaftAnswerClassifier.IsFailure(head.Judged))
                {
                    // Read for its text only: the call is answered without waiting for the rest.
                    (answer, reusable) = await _answers.ReadTextPrefixAsync(head, RaftAnswerClassifier.MaxErrorBodyBytes, _options.MaxResponseBodySize, _closing.Token).ConfigureAwait(false);
                }
                else if (await _answers.ReadBodyAsync(head, _options.MaxResponseBodySize, _closing.Token).ConfigureAwait(false) is PooledBody whole)
                {
                    answer = whole;
                }
                else
                {
                    Abort(
                        new HttpAnswerException($"An answer larger than the limit of {_options.MaxResponseBodySize} bytes ended the pipeline."),
                        current,
                        RaftAnswerClassifier.TooLarge(Address, current.Route, _options.MaxResponseBodySize));
                    return;
                }

                lock (_gate)
                {
                    _inFlight.Dequeue();
                    _lastProgress = Stopwatch.GetTimestamp();
                }

                using (answer)
                {
                    current.Answer(head, answer.Span);
                }

                if (head.CertificateRefused)
                {
                    // The server refused this node's certificate: so it does every call on the connection.
                    Abort(RaftAnswerClassifier.CertificateRefused(Address, current.Route.Path, System.Text.Encoding.UTF8.GetString(answer.Span).Trim()));
                    return;
                }

                if (!reusable && !head.Close)
                {
                    Abort(new HttpAnswerException("An error answer whose body is larger than the limit of " + _options.MaxResponseBodySize + " bytes, or ends with the connection, ended the pipeline."));
                    return;
                }

                current = null;
                if (head.Close)
                {
                    Abort(WriteFailureOr(new EndOfStreamException("The peer closed the connection after an answer (Connection: close).")));
                    return;
                }

                if (WriteFailureWithNothingInFlight() is Exception stopped)
                {
                    // Every call that was written is answered; the rest were never sent.
                    Abort(stopped);
                    return;
                }

                Signal();
            }
        }
        catch (HttpAnswerException e)
        {
            // A malformed head belongs to the oldest call in flight.
            lock (_gate)
            {
                current ??= _inFlight.Count > 0 ? _inFlight.Peek() : null;
            }

            Abort(e, current, current is null ? null : RaftAnswerClassifier.NotHttp(Address, current.Route, e.Message, e));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Abort(WriteFailureOr(e));
        }
        finally
        {
            _answers.Dispose();
        }
    }

    private Exception WriteFailureOr(Exception cause) => Volatile.Read(ref _writeFailure) ?? cause;

    private Exception? WriteFailureWithNothingInFlight()
    {
        lock (_gate)
        {
            return _inFlight.Count == 0 ? _writeFailure : null;
        }
    }

    private void CheckProgress()
    {
        bool stuck;
        lock (_gate)
        {
            long idle = (Stopwatch.GetTimestamp() - _lastProgress) / TicksPerMillisecond;
            stuck = _failure is null && _inFlight.Count > 0 && idle > (long)_options.Timeout.TotalMilliseconds;
        }

        if (stuck)
        {
            Abort(new TimeoutException($"No answer from {Address} within {_options.Timeout.TotalMilliseconds} ms."));
        }
    }

    // Breaks the pipeline once: the connection is closed and every outstanding call fails.
    private void Abort(Exception cause, IPipelineCall? culprit = null, Exception? culpritError = null)
    {
        IPipelineCall[] inFlight;
        IPipelineCall[] waiting;
        lock (_gate)
        {
            if (_failure is not null)
            {
                return;
            }

            _failure = cause;
            inFlight = _inFlight.ToArray();
            waiting = _waiting.ToArray();
            _inFlight.Clear();
            _waiting.Clear();
        }

        _watchdog?.Dispose();
        _closing.Cancel();
        _stream.Dispose();
        _work.Release();
        foreach (IPipelineCall call in inFlight)
        {
            call.Fail(ReferenceEquals(call, culprit) && culpritError is not null ? culpritError : FailureFor(call, cause));
        }

        foreach (IPipelineCall call in waiting)
        {
            call.ReturnRequest();
            call.Fail(FailureFor(call, cause));
        }
    }

    private Exception FailureFor(IPipelineCall call, Exception cause)
    {
        string path = call.Route.Path;
        return cause switch
        {
            ObjectDisposedException => new ObjectDisposedException($"The pipeline to {Address} was disposed before the answer of {path} arrived.", cause),
            TimeoutException => new RaftTimeoutException(_options.Timeout, Address, path, cause),
            HttpAnswerException => new RaftConnectionException(RaftConnectionFailure.Other, Address, path, cause),
            RaftConnectionException connection => new RaftConnectionException(connection.Failure, Address, path, connection.InnerException),
            _ => RaftClientFailures.Translate(cause, Address, call.Route) ?? new RaftConnectionException(RaftConnectionFailure.Other, Address, path, cause),
        };
    }
}
