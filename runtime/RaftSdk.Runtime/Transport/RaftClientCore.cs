using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Diagnostics;
using RaftSdk.Mapping;
using RaftSdk.Transport.Pipelining;

namespace RaftSdk.Transport;

/// <summary>
/// The shared mechanics of a generated client: one pooled HTTP/1.1 connection handler per
/// instance (keep-alive, no proxy, no decompression), protobuf bodies through pooled buffers, the
/// exact Content-Type, a timeout over the whole call, and the mapping of failures to
/// <see cref="RaftTransportException"/> subclasses. Thread-safe; create one per communication
/// object and dispose it with that object.
/// </summary>
public sealed partial class RaftClientCore : IDisposable
{
    // Timeout sources are reused (CancellationTokenSource.TryReset) rather than made per call: a
    // call then allocates neither the source nor its timer. The cap bounds the pool at roughly the
    // highest number of concurrent calls seen.
    private const int MaxPooledTimeouts = 1024;

    // A body larger than this waits for the server's go-ahead (Expect: 100-continue): a server
    // that refuses it (413) then answers before the body is sent. Without it HttpClient loses that
    // early answer in the reset that follows (dotnet/runtime#119350) and reports "connection
    // reset". Smaller bodies fit the socket buffers, so their 413 is read as usual.
    internal const int ExpectContinueAbove = 64 * 1024;

    private readonly RaftClientOptions _options;
    private readonly HttpMessageInvoker _client;
    private readonly RaftUriCache _uris;
    private readonly RaftClientInstrumentation _instrumentation;
    private readonly ConcurrentQueue<CancellationTokenSource> _timeouts = new();
    private readonly ConcurrentDictionary<string, FirstBytesStream> _handshakes = new(StringComparer.Ordinal);
    private readonly RaftPipelineConnector? _connector;
    private int _pooledTimeouts;
    private int _disposed;

    /// <summary>Creates a client core with its own connection pool.</summary>
    /// <param name="options">The settings; <see cref="RaftClientOptions.ContentType"/> is required.</param>
    public RaftClientCore(RaftClientOptions options)
        : this(options, handler: null)
    {
    }

    /// <summary>
    /// A core over a handler and a pipeline connector of the caller's (the in-memory transport of
    /// RaftSdk.Testing); null uses the pooled sockets handler, and sockets for pipelines.
    /// </summary>
    internal RaftClientCore(RaftClientOptions options, HttpMessageHandler? handler, RaftPipelineConnector? connector = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ContentType, nameof(options) + "." + nameof(options.ContentType));
        if (options.Timeout <= TimeSpan.Zero && options.Timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Timeout, "The timeout must be positive or infinite.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxResponseBodySize, nameof(options) + "." + nameof(options.MaxResponseBodySize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxDecodedFields, nameof(options) + "." + nameof(options.MaxDecodedFields));

        _options = options;
        _connector = connector;
        Scheme = options.Tls is null ? "http" : "https";
        _uris = new RaftUriCache(Scheme);
        _instrumentation = new RaftClientInstrumentation(options.LoggerFactory, Scheme);
        // The handler itself, not an HttpClient: our own timeout covers connect, send and the body
        // read, every request sets its version, and HttpClient's per-call linked token source and
        // bookkeeping would be pure overhead (the handler returns once the headers are read).
        _client = new HttpMessageInvoker(handler ?? RaftHttpHandlerFactory.Create(options, _handshakes), disposeHandler: true);
    }

    /// <summary>The URL scheme: <c>http</c>, or <c>https</c> when TLS credentials are set.</summary>
    public string Scheme { get; }

    /// <summary>The settings this core was created with.</summary>
    public RaftClientOptions Options => _options;

    /// <summary>
    /// Sends one request described by <paramref name="method"/> (the generated clients' path): the
    /// request record writes its own wire form and the answer is read by the method's
    /// <see cref="RaftMethod{TRequest, TResponse}.ResponseReader"/>, no Google.Protobuf object graph
    /// on either side.
    /// </summary>
    /// <typeparam name="TRequest">The request record; <see cref="RaftNoBody"/> for a GET.</typeparam>
    /// <typeparam name="TResponse">The response record.</typeparam>
    /// <param name="address">The peer, <c>host:port</c> without scheme.</param>
    /// <param name="method">The descriptor of the call.</param>
    /// <param name="request">The request record (ignored for a GET).</param>
    /// <param name="cancellationToken">Cancels the call; surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="RaftStatusException">The peer answered with a status other than 200.</exception>
    /// <exception cref="RaftConnectionException">The peer could not be reached, the connection broke, or TLS failed.</exception>
    /// <exception cref="RaftTimeoutException">The call took longer than <see cref="RaftClientOptions.Timeout"/>.</exception>
    /// <exception cref="RaftProtocolException">The 200 answer is not a valid, complete message or is too large.</exception>
    /// <exception cref="ObjectDisposedException">The core was disposed.</exception>
    public Task<TResponse> SendAsync<TRequest, TResponse>(
        string address,
        RaftMethod<TRequest, TResponse> method,
        TRequest request,
        CancellationToken cancellationToken)
        where TRequest : IProtoWritable
    {
        ArgumentNullException.ThrowIfNull(method);
        HttpContent? content = method.Route.IsGet ? null : new ProtobufContent(request, _options.ContentType);
        return SendCoreAsync(address, method, content, cancellationToken);
    }

    /// <summary>
    /// Sends a streamed request (a route that takes a header record and a <see cref="Stream"/>,
    /// framed as <see cref="RaftStreamFraming"/>): the header, then <paramref name="body"/> read to
    /// its end through one pooled buffer as fast as the peer takes it, so a body larger than
    /// memory goes through. With a Content-Length when <paramref name="body"/> can seek (the bytes
    /// from its position to its end), chunked otherwise. <see cref="RaftClientOptions.Timeout"/>
    /// applies to each step (connecting, each buffer written, the answer after the last one), not
    /// to the whole call. The stream is read, not disposed.
    /// </summary>
    /// <typeparam name="THeader">The header record.</typeparam>
    /// <typeparam name="TResponse">The response record.</typeparam>
    /// <param name="address">The peer, <c>host:port</c> without scheme.</param>
    /// <param name="method">The descriptor of the call (a POST).</param>
    /// <param name="header">The header record.</param>
    /// <param name="body">The body after the header.</param>
    /// <param name="cancellationToken">Cancels the call, also mid-body (the connection is closed: the peer handler's next read of the body fails, its token fires once Kestrel notices); surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="RaftStatusException">The peer answered with a status other than 200 (its handler failed, or it refused the call).</exception>
    /// <exception cref="RaftConnectionException">The peer could not be reached, the connection broke, or TLS failed.</exception>
    /// <exception cref="RaftTimeoutException">Nothing moved for <see cref="RaftClientOptions.Timeout"/>.</exception>
    /// <exception cref="RaftProtocolException">The 200 answer is not a valid, complete message or is too large.</exception>
    /// <exception cref="ObjectDisposedException">The core was disposed.</exception>
    /// <remarks>An exception that reading <paramref name="body"/> threw is rethrown as it is.</remarks>
    public Task<TResponse> SendStreamAsync<THeader, TResponse>(
        string address,
        RaftMethod<THeader, TResponse> method,
        THeader header,
        Stream body,
        CancellationToken cancellationToken)
        where THeader : IProtoWritable
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(body);
        if (method.Route.IsGet)
        {
            throw new ArgumentException($"{method.Route} sends no body; a streamed call needs a POST route.", nameof(method));
        }

        return SendCoreAsync(address, method, new StreamedRequestContent(header, body, _options.ContentType), cancellationToken);
    }

    /// <summary>
    /// Opens a pipeline to <paramref name="address"/>: one HTTP/1.1 connection of its own on which
    /// up to <paramref name="depth"/> requests are in flight at once, answered in the order they were
    /// sent (see <see cref="RaftPipeline"/>). Uses this core's TLS credentials, content type, timeout
    /// and response size limit. The pipeline owns its connection: dispose it yourself (disposing the
    /// core does not close it).
    /// </summary>
    /// <param name="address">The peer, <c>host:port</c> without scheme.</param>
    /// <param name="depth">The most requests in flight; a send beyond waits for a slot.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The open pipeline; dispose it to close the connection.</returns>
    /// <exception cref="RaftConnectionException">The peer could not be reached or TLS failed.</exception>
    /// <exception cref="RaftTimeoutException">Connecting took longer than <see cref="RaftClientOptions.Timeout"/>.</exception>
    public Task<RaftPipeline> OpenPipelineAsync(string address, int depth, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentException.ThrowIfNullOrEmpty(address);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        return RaftPipeline.OpenAsync(_options, _instrumentation, _connector, _uris.Get(address, "/"), address, depth, cancellationToken);
    }

    private async Task<TResponse> SendCoreAsync<TRequest, TResponse>(
        string address,
        RaftMethod<TRequest, TResponse> method,
        HttpContent? content,
        CancellationToken cancellationToken)
        where TRequest : IProtoWritable
    {
        RaftClientRoute route = method.Route;
        using HttpRequestMessage message = StartRequest(address, route, content, cancellationToken, out Uri uri);
        StreamedRequestContent? streamed = content as StreamedRequestContent;
        if (streamed is not null || content?.Headers.ContentLength > ExpectContinueAbove)
        {
            message.Headers.ExpectContinue = true;
        }

        CancellationTokenSource timeout = RentTimeout();
        if (streamed is not null)
        {
            streamed.Progress = (timeout, _options.Timeout);
        }
        CancellationTokenRegistration linked = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timeout)
            : default;
        RaftClientCall? call = _instrumentation.Start(address, route, message);
        Exception? failure = null;

        try
        {
            using HttpResponseMessage response = await _client
                .SendAsync(message, timeout.Token)
                .ConfigureAwait(false);
            call?.OnResponse(response);
            return await ReadAnswerAsync(response, address, method, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (streamed?.SourceFailure is Exception source && !cancellationToken.IsCancellationRequested)
        {
            // The caller's own stream failed: its exception, not a transport failure.
            failure = source;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(source);
            throw new InvalidOperationException("unreachable", e);
        }
        catch (Exception e) when (e is not RaftTransportException)
        {
            // The one place a failure is classified.
            Exception? translated = Translate(e, address, route, uri, timeout, cancellationToken);
            if (streamed is not null && translated is RaftConnectionException { Failure: RaftConnectionFailure.ConnectionReset } && streamed.BodyBytesSent > 0)
            {
                // HttpClient drops an answer the peer sent before closing mid-body; say what is known.
                translated = new RaftConnectionException(RaftConnectionFailure.ConnectionReset, address, route.Path, new IOException(
                    $"the peer closed the connection after {streamed.BodyBytesSent} bytes of the streamed body: it refused the body (too slow for its minimum data rate, for example) or its handler failed, and its log says which",
                    e));
            }
            failure = translated ?? e;
            if (translated is null)
            {
                throw;
            }

            throw translated;
        }
        catch (RaftTransportException e)
        {
            failure = e;
            throw;
        }
        finally
        {
            // Unregistering waits for a running cancel callback, so the reset below sees its effect.
            linked.Dispose();
            ReturnTimeout(timeout);
            // A streamed body's size is what went through (it may have no Content-Length, or stop short of it).
            _instrumentation.Stop(call, address, route, streamed?.BytesSent ?? content?.Headers.ContentLength, failure);
        }
    }

    /// <summary>The checks every call starts with, and its request message (HTTP/1.1 exactly).</summary>
    private HttpRequestMessage StartRequest(string address, RaftClientRoute route, HttpContent? content, CancellationToken cancellationToken, out Uri uri)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentException.ThrowIfNullOrEmpty(address);
        cancellationToken.ThrowIfCancellationRequested();
        uri = _uris.Get(address, route.Path);
        return new HttpRequestMessage(route.HttpMethod, uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
    }

    /// <summary>Closes every pooled connection. Calls in flight fail; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _client.Dispose();
            while (_timeouts.TryDequeue(out CancellationTokenSource? source))
            {
                source.Dispose();
            }
        }
    }

    private CancellationTokenSource RentTimeout()
    {
        if (_timeouts.TryDequeue(out CancellationTokenSource? source))
        {
            Interlocked.Decrement(ref _pooledTimeouts);
        }
        else
        {
            source = new CancellationTokenSource();
        }

        if (_options.Timeout != Timeout.InfiniteTimeSpan)
        {
            source.CancelAfter(_options.Timeout);
        }

        return source;
    }

    private void ReturnTimeout(CancellationTokenSource source)
    {
        // TryReset stops the timer and drops leftover registrations; it fails once the source fired.
        if (Volatile.Read(ref _disposed) == 0 && source.TryReset())
        {
            if (Interlocked.Increment(ref _pooledTimeouts) <= MaxPooledTimeouts)
            {
                _timeouts.Enqueue(source);
                return;
            }

            Interlocked.Decrement(ref _pooledTimeouts);
        }

        source.Dispose();
    }

    // The answer as the pooled handler hands it over, judged by the classifier both clients share.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<TResponse> ReadAnswerAsync<TRequest, TResponse>(
        HttpResponseMessage response,
        string address,
        RaftMethod<TRequest, TResponse> method,
        CancellationToken cancellationToken)
        where TRequest : IProtoWritable
    {
        RaftAnswerHead head = RaftClientFailures.HeadOf(response, address, method.Route);
        if (RaftAnswerClassifier.IsFailure(head))
        {
            using PooledBody text = await RaftResponseBodyReader.ReadPrefixAsync(response.Content, RaftAnswerClassifier.MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
            throw RaftAnswerClassifier.Judge(head, text.Span, method, _options, address)!;
        }

        if (RaftAnswerClassifier.Judge(head, default, method, _options, address) is Exception mismatch)
        {
            throw mismatch;
        }

        int limit = _options.MaxResponseBodySize;
        PooledBody? read = await RaftResponseBodyReader.ReadAsync(response.Content, limit, cancellationToken).ConfigureAwait(false);
        if (read is not PooledBody body)
        {
            throw RaftAnswerClassifier.TooLarge(address, method.Route, limit);
        }

        using (body)
        {
            return method.Decode(body.Span, _options.MaxDecodedFields, address);
        }
    }

    private Exception? Translate(
        Exception exception,
        string address,
        RaftClientRoute route,
        Uri uri,
        CancellationTokenSource timeout,
        CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return new ObjectDisposedException($"The {nameof(RaftClientCore)} was disposed during the call to {route.Path} on {address}.", exception);
        }

        // Cancellation may surface as an IOException from a connection torn down mid-read, so the
        // tokens decide, not the exception type.
        if (cancellationToken.IsCancellationRequested)
        {
            return exception is OperationCanceledException canceled && canceled.CancellationToken == cancellationToken
                ? null
                : new OperationCanceledException($"The call to {route.Path} on {address} was canceled.", exception, cancellationToken);
        }

        if (timeout.IsCancellationRequested)
        {
            return new RaftTimeoutException(_options.Timeout, address, route.Path, exception);
        }

        if (_options.Tls is not null && exception.InnerException is System.Security.Authentication.AuthenticationException
            && _handshakes.TryGetValue(RaftHttpHandlerFactory.HandshakeKey(uri.IdnHost, uri.Port), out FirstBytesStream? handshake)
            && TlsMismatch.PlaintextPeer(handshake, address, route.Path, exception) is RaftConnectionException plaintext)
        {
            return plaintext;
        }

        return RaftClientFailures.Translate(exception, address, route);
    }
}
