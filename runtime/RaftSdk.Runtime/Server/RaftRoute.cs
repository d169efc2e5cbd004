using System;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Mapping;

namespace RaftSdk.Server;

/// <summary>
/// One route a <see cref="RaftEndpoint{TService}"/> serves: method, exact path and the call
/// behind it. Generated dispatchers describe each contract method with <see cref="Unary{TRequest, TResponse}"/>
/// (reader, invoker, error status, error body) and leave reading, calling, answering and every
/// failure status to the runtime: every route goes through the same call handler, memory budget
/// and exception funnel.
/// </summary>
/// <typeparam name="TService">The service the route calls.</typeparam>
public sealed class RaftRoute<TService>
    where TService : class
{
    private RaftRoute(string method, string path, ServerCallHandler<TService> call)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path[0] != '/')
        {
            throw new ArgumentException($"The route path '{path}' must start with '/'.", nameof(path));
        }

        Method = method;
        Path = path;
        Call = call;
    }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The exact request path.</summary>
    public string Path { get; }

    internal ServerCallHandler<TService> Call { get; }

    /// <summary>
    /// A route whose request record is read from the body: 415 for another Content-Type, 413 for
    /// a body over the size or field limits, 503 when the memory budget is full, 400 for a
    /// malformed body or message, 408 for a stalled body; then <paramref name="invoke"/>, whose
    /// exception answers <paramref name="errorStatusCode"/> (with <paramref name="errorResponse"/>
    /// as the body when given, else an empty one); then the answer record, 200.
    /// </summary>
    /// <typeparam name="TRequest">The request record.</typeparam>
    /// <typeparam name="TResponse">The answer record.</typeparam>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The exact path.</param>
    /// <param name="read">The request record's direct reader (generated <c>ReadProto</c>).</param>
    /// <param name="requestName">The protobuf message name, for the 400 and 413 texts.</param>
    /// <param name="invoke">Calls the service; the token fires when the client goes away or the handler deadline passes.</param>
    /// <param name="errorStatusCode">The status of an answer to an exception of the service.</param>
    /// <param name="errorResponse">Builds the error body from the exception; null for an empty body.</param>
    /// <returns>The route.</returns>
    public static RaftRoute<TService> Unary<TRequest, TResponse>(
        string method,
        string path,
        ProtoRead<TRequest> read,
        string requestName,
        Func<TService, TRequest, CancellationToken, ValueTask<TResponse>> invoke,
        int errorStatusCode,
        Func<Exception, TResponse>? errorResponse = null)
        where TResponse : IProtoWritable
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentException.ThrowIfNullOrEmpty(requestName);
        ArgumentNullException.ThrowIfNull(invoke);
        return new RaftRoute<TService>(method, path, new UnaryCallHandler<TService, TRequest, TResponse>(read, requestName, invoke, errorStatusCode, errorResponse));
    }

    /// <summary>Like <see cref="Unary{TRequest, TResponse}"/> for a route without a request body (a GET); a body sent anyway is not read.</summary>
    /// <typeparam name="TResponse">The answer record.</typeparam>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The exact path.</param>
    /// <param name="invoke">Calls the service.</param>
    /// <param name="errorStatusCode">The status of an answer to an exception of the service.</param>
    /// <param name="errorResponse">Builds the error body from the exception; null for an empty body.</param>
    /// <returns>The route.</returns>
    public static RaftRoute<TService> Unary<TResponse>(
        string method,
        string path,
        Func<TService, CancellationToken, ValueTask<TResponse>> invoke,
        int errorStatusCode,
        Func<Exception, TResponse>? errorResponse = null)
        where TResponse : IProtoWritable
    {
        ArgumentNullException.ThrowIfNull(invoke);
        return new RaftRoute<TService>(
            method,
            path,
            new UnaryCallHandler<TService, NoRequest, TResponse>(null, "(none)", (service, _, token) => invoke(service, token), errorStatusCode, errorResponse));
    }

    /// <summary>
    /// A route that takes a header record and the rest of the body as a stream, for payloads
    /// larger than memory (a snapshot), framed as <see cref="Transport.RaftStreamFraming"/>: 415
    /// for another Content-Type, 400 for a malformed length prefix or header, 413 for a header
    /// over the size or field limits, 503 when the memory budget cannot hold the header and one
    /// window of the body; then <paramref name="invoke"/> with a stream that reads the body as it
    /// arrives (a sender slower than <see cref="RaftServerOptions.MinStreamedBodyDataRate"/> is
    /// answered 408), whose exception answers <paramref name="errorStatusCode"/> as for
    /// <see cref="Unary{TRequest, TResponse}"/>; then the answer record, 200. No handler deadline applies.
    /// </summary>
    /// <typeparam name="THeader">The header record.</typeparam>
    /// <typeparam name="TResponse">The answer record.</typeparam>
    /// <param name="method">The HTTP method (POST).</param>
    /// <param name="path">The exact path.</param>
    /// <param name="read">The header record's direct reader (generated <c>ReadProto</c>).</param>
    /// <param name="headerName">The protobuf message name of the header, for the 400 and 413 texts.</param>
    /// <param name="invoke">Calls the service with the header and the body; the token fires when the client goes away.</param>
    /// <param name="errorStatusCode">The status of an answer to an exception of the service.</param>
    /// <param name="errorResponse">Builds the error body from the exception; null for an empty body.</param>
    /// <returns>The route.</returns>
    public static RaftRoute<TService> StreamedRequest<THeader, TResponse>(
        string method,
        string path,
        ProtoRead<THeader> read,
        string headerName,
        Func<TService, THeader, System.IO.Stream, CancellationToken, ValueTask<TResponse>> invoke,
        int errorStatusCode,
        Func<Exception, TResponse>? errorResponse = null)
        where TResponse : IProtoWritable
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentException.ThrowIfNullOrEmpty(headerName);
        ArgumentNullException.ThrowIfNull(invoke);
        if (string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The streamed route {path} needs a method with a body, not GET.", nameof(method));
        }

        return new RaftRoute<TService>(method, path, new StreamedRequestCallHandler<TService, THeader, TResponse>(read, headerName, invoke, errorStatusCode, errorResponse));
    }

    /// <summary>
    /// A route that answers a header record and a body stream, for answers larger than memory (a
    /// snapshot): the request record is read as for <see cref="Unary{TRequest, TResponse}"/> (415,
    /// 413, 503, 400, 408), then <paramref name="invoke"/> (under
    /// <see cref="RaftServerOptions.HandlerTimeout"/>, which covers producing the answer, not sending
    /// its body), whose exception answers <paramref name="errorStatusCode"/> as for a unary route;
    /// then 200 with the header and the body framed as <see cref="Transport.RaftStreamFraming"/>
    /// (chunked), copied as fast as the peer reads (slower than
    /// <see cref="RaftServerOptions.MinStreamedBodyDataRate"/> is cut). The answer's stream is
    /// disposed however the call ends; if it throws mid-body the connection is reset, so the peer
    /// never takes a cut body for a whole one.
    /// </summary>
    /// <typeparam name="TRequest">The request record.</typeparam>
    /// <typeparam name="THeader">The answer's header record.</typeparam>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The exact path.</param>
    /// <param name="read">The request record's direct reader (generated <c>ReadProto</c>).</param>
    /// <param name="requestName">The protobuf message name, for the 400 and 413 texts.</param>
    /// <param name="invoke">Calls the service; the token fires when the client goes away or the handler deadline passes.</param>
    /// <param name="errorStatusCode">The status of an answer to an exception of the service.</param>
    /// <param name="errorResponse">Builds the error body (a header record) from the exception; null for an empty body.</param>
    /// <returns>The route.</returns>
    public static RaftRoute<TService> StreamedAnswer<TRequest, THeader>(
        string method,
        string path,
        ProtoRead<TRequest> read,
        string requestName,
        Func<TService, TRequest, CancellationToken, ValueTask<RaftStreamedAnswer<THeader>>> invoke,
        int errorStatusCode,
        Func<Exception, THeader>? errorResponse)
        where THeader : IProtoWritable
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentException.ThrowIfNullOrEmpty(requestName);
        ArgumentNullException.ThrowIfNull(invoke);
        return new RaftRoute<TService>(method, path, new StreamedAnswerCallHandler<TService, TRequest, THeader>(read, requestName, invoke, errorStatusCode, errorResponse));
    }

    /// <summary>Like <see cref="StreamedAnswer{TRequest, THeader}"/> for a route without a request body (a GET); a body sent anyway is not read.</summary>
    /// <typeparam name="THeader">The answer's header record.</typeparam>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The exact path.</param>
    /// <param name="invoke">Calls the service.</param>
    /// <param name="errorStatusCode">The status of an answer to an exception of the service.</param>
    /// <param name="errorResponse">Builds the error body (a header record) from the exception; null for an empty body.</param>
    /// <returns>The route.</returns>
    public static RaftRoute<TService> StreamedAnswer<THeader>(
        string method,
        string path,
        Func<TService, CancellationToken, ValueTask<RaftStreamedAnswer<THeader>>> invoke,
        int errorStatusCode,
        Func<Exception, THeader>? errorResponse)
        where THeader : IProtoWritable
    {
        ArgumentNullException.ThrowIfNull(invoke);
        return new RaftRoute<TService>(
            method,
            path,
            new StreamedAnswerCallHandler<TService, NoRequest, THeader>(null, "(none)", (service, _, token) => invoke(service, token), errorStatusCode, errorResponse));
    }

    /// <summary>The request of a route that reads no body.</summary>
    private readonly struct NoRequest;
}
