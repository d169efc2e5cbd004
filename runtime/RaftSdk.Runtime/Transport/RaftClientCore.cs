using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Google.Protobuf;
using RaftSdk.Diagnostics;
using RaftSdk.Mapping;

namespace RaftSdk.Transport;

/// <summary>
/// The shared mechanics of a generated client: one pooled HTTP/1.1 connection handler per
/// instance (keep-alive, no proxy, no decompression), protobuf bodies through pooled buffers, the
/// exact Content-Type, a timeout over the whole call, and the mapping of failures to
/// <see cref="RaftTransportException"/> subclasses. Thread-safe; create one per communication
/// object and dispose it with that object.
/// </summary>
public sealed class RaftClientCore : IDisposable
{
    // An error body is only read for its text; a large one is not worth waiting for.
    private const int MaxErrorBodySize = 64 * 1024;
    private const int MaxErrorTextLength = 1024;

    // Timeout sources are reused (CancellationTokenSource.TryReset) rather than made per call: a
    // call then allocates neither the source nor its timer. The cap bounds the pool at roughly the
    // highest number of concurrent calls seen.
    private const int MaxPooledTimeouts = 1024;

    private readonly RaftClientOptions _options;
    private readonly HttpMessageInvoker _client;
    private readonly RaftUriCache _uris;
    private readonly RaftClientInstrumentation _instrumentation;
    private readonly ConcurrentQueue<CancellationTokenSource> _timeouts = new();
    private int _pooledTimeouts;
    private int _disposed;

    /// <summary>Creates a client core with its own connection pool.</summary>
    /// <param name="options">The settings; <see cref="RaftClientOptions.ContentType"/> is required.</param>
    public RaftClientCore(RaftClientOptions options)
        : this(options, handler: null)
    {
    }

    /// <summary>A core over a handler of the caller's (the in-memory transport of RaftSdk.Testing); null uses the pooled sockets handler.</summary>
    internal RaftClientCore(RaftClientOptions options, HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ContentType, nameof(options) + "." + nameof(options.ContentType));
        if (options.Timeout <= TimeSpan.Zero && options.Timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Timeout, "The timeout must be positive or infinite.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxResponseBodySize, nameof(options) + "." + nameof(options.MaxResponseBodySize));

        _options = options;
        Scheme = options.Tls is null ? "http" : "https";
        _uris = new RaftUriCache(Scheme);
        _instrumentation = new RaftClientInstrumentation(options.LoggerFactory, Scheme);
        // The handler itself, not an HttpClient: our own timeout covers connect, send and the body
        // read, every request sets its version, and HttpClient's per-call linked token source and
        // bookkeeping would be pure overhead (the handler returns once the headers are read).
        _client = new HttpMessageInvoker(handler ?? RaftHttpHandlerFactory.Create(options), disposeHandler: true);
    }

    /// <summary>The URL scheme: <c>http</c>, or <c>https</c> when TLS credentials are set.</summary>
    public string Scheme { get; }

    /// <summary>The settings this core was created with.</summary>
    public RaftClientOptions Options => _options;

    /// <summary>
    /// Sends one request to <c>{Scheme}://{address}{route.Path}</c> and returns the parsed 200 answer.
    /// Required fields of the answer are checked with Google.Protobuf's descriptor-based
    /// <c>IsInitialized()</c>; the overload with an <c>isInitialized</c> delegate avoids that.
    /// </summary>
    /// <typeparam name="TResponse">The protobuf message of the answer.</typeparam>
    /// <param name="address">The peer, <c>host:port</c> without scheme.</param>
    /// <param name="route">The method and path of the call.</param>
    /// <param name="request">The request message; null sends no body on GET and an empty body otherwise.</param>
    /// <param name="parser">The parser of the answer.</param>
    /// <param name="remoteError">Extracts the error text from a non-200 protobuf body, or null when the call has none.</param>
    /// <param name="cancellationToken">Cancels the call; surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="RaftStatusException">The peer answered with a status other than 200.</exception>
    /// <exception cref="RaftConnectionException">The peer could not be reached, the connection broke, or TLS failed.</exception>
    /// <exception cref="RaftTimeoutException">The call took longer than <see cref="RaftClientOptions.Timeout"/>.</exception>
    /// <exception cref="RaftProtocolException">The 200 answer is not a valid, complete message or is too large.</exception>
    /// <exception cref="ObjectDisposedException">The core was disposed.</exception>
    public Task<TResponse> SendAsync<TResponse>(
        string address,
        RaftClientRoute route,
        IMessage? request,
        MessageParser<TResponse> parser,
        Func<TResponse, string?>? remoteError,
        CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse> =>
        SendAsync(address, route, request, parser, isInitialized: null, remoteError, cancellationToken);

    /// <summary>
    /// Like <see cref="SendAsync{TResponse}(string, RaftClientRoute, IMessage?, MessageParser{TResponse}, Func{TResponse, string?}?, CancellationToken)"/>,
    /// with a reflection-free check of the answer's required fields (for example
    /// <c>m =&gt; m.HasTerm &amp;&amp; m.HasSuccess</c>, as a generator can emit it).
    /// </summary>
    /// <typeparam name="TResponse">The protobuf message of the answer.</typeparam>
    /// <param name="address">The peer, <c>host:port</c> without scheme.</param>
    /// <param name="route">The method and path of the call.</param>
    /// <param name="request">The request message; null sends no body on GET and an empty body otherwise.</param>
    /// <param name="parser">The parser of the answer.</param>
    /// <param name="isInitialized">True when every required field is set; null uses <c>IsInitialized()</c>.</param>
    /// <param name="remoteError">Extracts the error text from a non-200 protobuf body, or null when the call has none.</param>
    /// <param name="cancellationToken">Cancels the call; surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>The answer.</returns>
    public Task<TResponse> SendAsync<TResponse>(
        string address,
        RaftClientRoute route,
        IMessage? request,
        MessageParser<TResponse> parser,
        Func<TResponse, bool>? isInitialized,
        Func<TResponse, string?>? remoteError,
        CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse> =>
        SendGoogleAsync(address, route, request is null ? null : new ProtobufContent(request, _options.ContentType), parser, isInitialized, remoteError, cancellationToken);

    /// <summary>
    /// Like <see cref="SendAsync{TResponse}(string, RaftClientRoute, IMessage?, MessageParser{TResponse}, Func{TResponse, bool}?, Func{TResponse, string?}?, CancellationToken)"/>,
    /// for a request record that writes its wire form itself (generated clients pass the record:
    /// no Google.Protobuf object graph is built to send it).
    /// </summary>
    /// <typeparam name="TResponse">The protobuf message of the answer.</typeparam>
    /// <param name="address">The peer, <c>host:port</c> without scheme.</param>
    /// <param name="route">The method and path of the call.</param>
    /// <param name="request">The request record; null sends no body on GET and an empty body otherwise.</param>
    /// <param name="parser">The parser of the answer.</param>
    /// <param name="isInitialized">True when every required field is set; null uses <c>IsInitialized()</c>.</param>
    /// <param name="remoteError">Extracts the error text from a non-200 protobuf body, or null when the call has none.</param>
    /// <param name="cancellationToken">Cancels the call; surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>The answer.</returns>
    public Task<TResponse> SendAsync<TResponse>(
        string address,
        RaftClientRoute route,
        IProtoWritable? request,
        MessageParser<TResponse> parser,
        Func<TResponse, bool>? isInitialized,
        Func<TResponse, string?>? remoteError,
        CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse> =>
        SendGoogleAsync(address, route, request is null ? null : new ProtobufContent(request, _options.ContentType), parser, isInitialized, remoteError, cancellationToken);

    private Task<TResponse> SendGoogleAsync<TResponse>(
        string address,
        RaftClientRoute route,
        HttpContent? content,
        MessageParser<TResponse> parser,
        Func<TResponse, bool>? isInitialized,
        Func<TResponse, string?>? remoteError,
        CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(parser);
        if (route.IsGet && content is not null)
        {
            content.Dispose();
            throw new ArgumentException($"{route} sends no body; pass no request message.", "request");
        }

        // A POST without a message sends an empty body, as before.
        content ??= route.IsGet ? null : new ProtobufContent((IMessage?)null, _options.ContentType);
        return SendCoreAsync<TResponse, ProtobufAnswerCodec<TResponse>>(
            address, route, content, new ProtobufAnswerCodec<TResponse>(parser, isInitialized, remoteError), cancellationToken);
    }

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
        return SendCoreAsync<TResponse, DirectAnswerCodec<TRequest, TResponse>>(
            address, method.Route, content, new DirectAnswerCodec<TRequest, TResponse>(method), cancellationToken);
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
        return RaftPipeline.OpenAsync(_options, _uris.Get(address, "/"), address, depth, cancellationToken);
    }

    private async Task<TResponse> SendCoreAsync<TResponse, TCodec>(
        string address,
        RaftClientRoute route,
        HttpContent? content,
        TCodec codec,
        CancellationToken cancellationToken)
        where TCodec : struct, IRaftAnswerCodec<TResponse>
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentException.ThrowIfNullOrEmpty(address);
        ArgumentNullException.ThrowIfNull(route);
        cancellationToken.ThrowIfCancellationRequested();
        Uri uri = _uris.Get(address, route.Path);

        using var message = new HttpRequestMessage(route.HttpMethod, uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };

        CancellationTokenSource timeout = RentTimeout();
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

            // The one place an answer is validated before its body is read.
            await RaftClientFailures.CheckAnswerAsync(response, _options.ContentType, _options.CheckResponseContentType, address, route.Path, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                string? error = await ReadRemoteErrorAsync<TResponse, TCodec>(response, codec, timeout.Token).ConfigureAwait(false);
                throw new RaftStatusException((int)response.StatusCode, response.ReasonPhrase, route.Method, address, route.Path, error);
            }

            return await ReadAnswerAsync<TResponse, TCodec>(response, address, route, codec, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RaftTransportException)
        {
            // The one place a failure is classified.
            Exception? translated = Translate(e, address, route.Path, timeout, cancellationToken);
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
            _instrumentation.Stop(call, address, route, message, failure);
        }
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

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<TResponse> ReadAnswerAsync<TResponse, TCodec>(
        HttpResponseMessage response,
        string address,
        RaftClientRoute route,
        TCodec codec,
        CancellationToken cancellationToken)
        where TCodec : struct, IRaftAnswerCodec<TResponse>
    {
        int limit = _options.MaxResponseBodySize;
        PooledBody? read = await RaftResponseBodyReader.ReadAsync(response.Content, limit, cancellationToken).ConfigureAwait(false);
        if (read is not PooledBody body)
        {
            throw new RaftProtocolException(
                $"The answer of {address} to {route} is larger than the limit of {limit} bytes.", address, route.Path);
        }

        using (body)
        {
            return codec.Read(body.Span, address, route);
        }
    }

    private async Task<string?> ReadRemoteErrorAsync<TResponse, TCodec>(
        HttpResponseMessage response,
        TCodec codec,
        CancellationToken cancellationToken)
        where TCodec : struct, IRaftAnswerCodec<TResponse>
    {
        string? contentType = response.Content.Headers.TryGetValues("Content-Type", out var values)
            ? string.Join(", ", values)
            : null;
        bool isProtobuf = codec.HasRemoteError && string.Equals(contentType, _options.ContentType, StringComparison.Ordinal);
        bool isText = contentType is not null && contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase);
        if (!isProtobuf && !isText)
        {
            return null;
        }

        try
        {
            PooledBody? read = await RaftResponseBodyReader.ReadAsync(response.Content, MaxErrorBodySize, cancellationToken).ConfigureAwait(false);
            if (read is not PooledBody body)
            {
                return null;
            }

            using (body)
            {
                return isProtobuf ? RemoteErrorText(codec.RemoteError(body.Span)) : PlainErrorText(body.Span);
            }
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The status is the answer; an error body that cannot be read or mapped (the callback
            // may run a generated FromProto on an incomplete message) must not hide it.
            return null;
        }
    }

    internal static string? RemoteErrorText(string? text) => string.IsNullOrEmpty(text) ? null : text;

    internal static string? PlainErrorText(ReadOnlySpan<byte> body) => Shorten(Encoding.UTF8.GetString(body).Trim());

    private static string? Shorten(string text) => text.Length switch
    {
        0 => null,
        > MaxErrorTextLength => text[..MaxErrorTextLength] + "...",
        _ => text,
    };

    private Exception? Translate(
        Exception exception,
        string address,
        string path,
        CancellationTokenSource timeout,
        CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return new ObjectDisposedException($"The {nameof(RaftClientCore)} was disposed during the call to {path} on {address}.", exception);
        }

        // Cancellation may surface as an IOException from a connection torn down mid-read, so the
        // tokens decide, not the exception type.
        if (cancellationToken.IsCancellationRequested)
        {
            return exception is OperationCanceledException canceled && canceled.CancellationToken == cancellationToken
                ? null
                : new OperationCanceledException($"The call to {path} on {address} was canceled.", exception, cancellationToken);
        }

        if (timeout.IsCancellationRequested)
        {
            return new RaftTimeoutException(_options.Timeout, address, path, exception);
        }

        return RaftClientFailures.Translate(exception, address, path);
    }
}
