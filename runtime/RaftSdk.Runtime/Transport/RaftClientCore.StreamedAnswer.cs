using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Diagnostics;
using RaftSdk.Mapping;

namespace RaftSdk.Transport;

/// <summary>The call of a route that streams its answer.</summary>
public sealed partial class RaftClientCore
{
    /// <summary>
    /// Calls a route that answers a header record and a body stream (framed as
    /// <see cref="RaftStreamFraming"/>): the answer is judged as every answer (status, refusal,
    /// Content-Type, which must name the framing), its header read and decoded, and the body handed
    /// over as a stream that reads straight from the connection, for answers larger than memory.
    /// <see cref="RaftClientOptions.Timeout"/> covers the call up to the header, then each read of
    /// the body that waits on the peer. The call (its span and metrics) ends when the body is read
    /// to its end (the connection goes back to the pool), fails, or is disposed before its end (the
    /// connection is closed).
    /// </summary>
    /// <typeparam name="TRequest">The request record; <see cref="RaftNoBody"/> for a GET.</typeparam>
    /// <typeparam name="THeader">The answer's header record.</typeparam>
    /// <param name="address">The peer, <c>host:port</c> without scheme.</param>
    /// <param name="method">The descriptor of the call; its reader reads the header.</param>
    /// <param name="request">The request record (ignored for a GET).</param>
    /// <param name="cancellationToken">Cancels the call up to the header; a read of the body takes its own token.</param>
    /// <returns>The header and the body; dispose it.</returns>
    /// <exception cref="RaftStatusException">The peer answered with a status other than 200.</exception>
    /// <exception cref="RaftConnectionException">The peer could not be reached, the connection broke, or TLS failed.</exception>
    /// <exception cref="RaftTimeoutException">The header did not arrive within <see cref="RaftClientOptions.Timeout"/>.</exception>
    /// <exception cref="RaftProtocolException">The 200 answer is not a streamed answer, or its header is malformed or too large.</exception>
    /// <exception cref="ObjectDisposedException">The core was disposed.</exception>
    /// <remarks>
    /// A read of the body throws <see cref="RaftConnectionException"/> when the body broke off (the
    /// peer's stream failed or the connection was cut: never a short body that ends cleanly) and
    /// <see cref="RaftTimeoutException"/> when nothing arrived for <see cref="RaftClientOptions.Timeout"/>.
    /// </remarks>
    public async Task<RaftStreamedAnswer<THeader>> ReceiveStreamAsync<TRequest, THeader>(
        string address,
        RaftMethod<TRequest, THeader> method,
        TRequest request,
        CancellationToken cancellationToken)
        where TRequest : IProtoWritable
    {
        ArgumentNullException.ThrowIfNull(method);
        RaftClientRoute route = method.Route;
        using HttpRequestMessage message = StartRequest(address, route, route.IsGet ? null : new ProtobufContent(request, _options.ContentType), cancellationToken, out Uri uri);

        CancellationTokenSource timeout = RentTimeout();
        CancellationTokenRegistration linked = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timeout)
            : default;
        var call = new StreamedAnswerCall(this, address, route, uri, timeout, _instrumentation.Start(address, route, message), message.Content?.Headers.ContentLength);
        try
        {
            call.Response = await _client.SendAsync(message, timeout.Token).ConfigureAwait(false);
            call.Observed?.OnResponse(call.Response);
            RaftAnswerHead head = RaftClientFailures.HeadOf(call.Response, address, route);
            if (RaftAnswerClassifier.IsFailure(head))
            {
                using PooledBody text = await RaftResponseBodyReader.ReadPrefixAsync(call.Response.Content, RaftAnswerClassifier.MaxErrorBodyBytes, timeout.Token).ConfigureAwait(false);
                throw RaftAnswerClassifier.Judge(head, text.Span, method, _options, address)!;
            }

            if (RaftAnswerClassifier.Judge(head, default, method, _options, address) is Exception mismatch)
            {
                throw mismatch;
            }

            if (!RaftStreamFraming.IsContentTypeFor(head.ContentType, _options.ContentType))
            {
                throw new RaftProtocolException(
                    $"The answer of {address} to {route} is not a streamed answer: its Content-Type is '{head.ContentType}', not '{RaftStreamFraming.ContentTypeFor(_options.ContentType)}'.",
                    address,
                    route.Path);
            }

            Stream stream = await call.Response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            (THeader header, call.HeadBytes) = await StreamedAnswerHeader.ReadAsync(stream, method, _options, address, timeout.Token).ConfigureAwait(false);

            // From here the caller paces the body: the timeout is armed per read, and the call's token is done with.
            linked.Dispose();
            timeout.CancelAfter(Timeout.InfiniteTimeSpan);
            return new RaftStreamedAnswer<THeader>(header, new AnswerBodyStream(stream, call));
        }
        catch (Exception e)
        {
            linked.Dispose();
            Exception failure = e is RaftTransportException ? e : Translate(e, address, route, uri, timeout, cancellationToken) ?? e;
            call.End(failure, 0);
            if (ReferenceEquals(failure, e))
            {
                throw;
            }

            throw failure;
        }
    }

    /// <summary>One streamed answer from the response headers until its body ends: the response, the timeout source and the instrumentation it holds.</summary>
    private sealed class StreamedAnswerCall(RaftClientCore core, string address, RaftClientRoute route, Uri uri, CancellationTokenSource timeout, RaftClientCall? observed, long? requestSize)
    {
        private int _ended;

        public HttpResponseMessage? Response { get; set; }

        public RaftClientCall? Observed => observed;

        public string Address => address;

        public RaftClientRoute Route => route;

        public CancellationTokenSource Timeout => timeout;

        public TimeSpan TimeoutSpan => core._options.Timeout;

        /// <summary>The bytes of the header's length prefix and the header, once read; the answer's size is these and the body's bytes read.</summary>
        public long? HeadBytes { get; set; }

        /// <summary>What the call ends with when the caller disposed the body after <paramref name="bodyBytes"/> bytes, before its end.</summary>
        public OperationCanceledException StoppedEarly(long bodyBytes) =>
            new(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The caller disposed the streamed answer of {address} to {route} after {bodyBytes} bytes of its body, before its end."));

        /// <summary>The transport failure a read of the body threw, after <paramref name="bodyBytes"/> bytes.</summary>
        public Exception TranslateBodyFailure(Exception exception, long bodyBytes, CancellationToken readToken)
        {
            if (readToken.IsCancellationRequested)
            {
                return exception is OperationCanceledException canceled && canceled.CancellationToken == readToken
                    ? exception
                    : new OperationCanceledException($"Reading the streamed answer of {address} to {route} was canceled.", exception, readToken);
            }

            Exception? translated = exception is RaftTransportException ? exception : core.Translate(exception, address, route, uri, timeout, CancellationToken.None);
            if (translated is RaftConnectionException { Failure: RaftConnectionFailure.ConnectionReset })
            {
                translated = new RaftConnectionException(RaftConnectionFailure.ConnectionReset, address, route.Path, new IOException(
                    $"the server's streamed answer broke off after {bodyBytes} bytes of its body: its stream failed or the connection was cut, so the body is incomplete",
                    exception));
            }

            return translated ?? exception;
        }

        /// <summary>
        /// Ends the call once: the response (and with it the connection, unless the body was read
        /// to its end) and the timeout source go, the span and the metrics stop. Once the header
        /// was read the response size is the bytes that came, <paramref name="bodyBytes"/> of the body among them.
        /// </summary>
        public void End(Exception? failure, long bodyBytes)
        {
            if (Interlocked.Exchange(ref _ended, 1) != 0)
            {
                return;
            }

            if (HeadBytes is long head)
            {
                observed?.OnBodyRead(head + bodyBytes);
            }

            Response?.Dispose();
            core.ReturnTimeout(timeout);
            core._instrumentation.Stop(observed, address, route, requestSize, failure);
        }
    }
}
