using System;
using System.Security.Authentication;
using System.Text;
using RaftSdk.Mapping;

namespace RaftSdk.Transport;

/// <summary>The status line and the headers of one answer that decide how it is judged, whichever client read them.</summary>
/// <param name="Status">The status code.</param>
/// <param name="Reason">The reason phrase as sent.</param>
/// <param name="ContentType">The Content-Type, or null.</param>
/// <param name="CertificateRefused">The answer carries a RaftSdk server's refusal header (its 403 for this node's TLS certificate).</param>
internal readonly record struct RaftAnswerHead(int Status, string? Reason, string? ContentType, bool CertificateRefused);

/// <summary>
/// The one judge of an answer for both clients (the pooled handler of <see cref="RaftClientCore"/>
/// and the connection of a <see cref="RaftPipeline"/>): its framing, the refusal of this node's
/// certificate, a status other than 200 with its error text, the Content-Type of a 200, the size
/// limit and the field cap of the body. Every limit and text of a judged answer is here.
/// </summary>
internal static class RaftAnswerClassifier
{
    /// <summary>
    /// The most bytes of a refusal or error body read for its text: such a body is only read to
    /// tell a person why, and a hostile peer may announce gigabytes.
    /// </summary>
    public const int MaxErrorBodyBytes = 4096;

    /// <summary>The header a RaftSdk listener puts on the 403 that refuses a client certificate.</summary>
    public const string RefusalHeader = "RaftSdk-Refusal";

    private const int MaxErrorTextLength = 1024;
    private const string RefusalTextPrefix = "TLS client certificate refused: ";

    /// <summary>
    /// Why the framing headers of an answer are not HTTP/1.1 this client reads (RFC 9112 6.1, 6.3),
    /// or null: Transfer-Encoding beside Content-Length (a request-smuggling shape), or any coding
    /// but a lone <c>chunked</c> (this client asks for none).
    /// </summary>
    public static string? FramingError(string? transferEncoding, bool hasContentLength)
    {
        if (transferEncoding is null)
        {
            return null;
        }

        if (hasContentLength)
        {
            return "it has both Transfer-Encoding and Content-Length.";
        }

        return transferEncoding.AsSpan().Trim().Equals("chunked", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"it has the Transfer-Encoding '{transferEncoding}' (only 'chunked' is understood).";
    }

    /// <summary>The failure for an answer that is not HTTP/1.1 as this client reads it.</summary>
    public static RaftProtocolException NotHttp(string address, RaftClientRoute route, string detail, Exception? inner = null) =>
        NotHttp(address, route.ToString(), route.Path, detail, inner);

    /// <summary>Like <see cref="NotHttp(string, RaftClientRoute, string, Exception?)"/>, naming the call as <paramref name="call"/>.</summary>
    public static RaftProtocolException NotHttp(string address, string call, string path, string detail, Exception? inner = null) =>
        new($"The answer of {address} to {call} is not valid HTTP/1.1: {detail}", address, path, inner);

    /// <summary>The failure for a 200 answer whose body is larger than the client's limit.</summary>
    public static RaftProtocolException TooLarge(string address, RaftClientRoute route, int limit) =>
        new($"The answer of {address} to {route} is larger than the limit of {limit} bytes.", address, route.Path);

    /// <summary>True when the body of <paramref name="head"/> is read only for its text, up to <see cref="MaxErrorBodyBytes"/>.</summary>
    public static bool IsFailure(in RaftAnswerHead head) => head.Status != 200 || head.CertificateRefused;

    /// <summary>
    /// The failure an answer stands for before its 200 body is decoded: the refusal of this node's
    /// certificate (with the server's reason), a status other than 200 (with the error text of the
    /// first <see cref="MaxErrorBodyBytes"/> of its body), or a 200 with a foreign Content-Type;
    /// null for a 200 to decode.
    /// </summary>
    public static Exception? Judge<TRequest, TResponse>(
        in RaftAnswerHead head,
        ReadOnlySpan<byte> errorBody,
        RaftMethod<TRequest, TResponse> method,
        RaftClientOptions options,
        string address)
        where TRequest : Mapping.IProtoWritable
    {
        RaftClientRoute route = method.Route;
        if (head.CertificateRefused)
        {
            string reason = Encoding.UTF8.GetString(Bounded(errorBody)).Trim();
            return CertificateRefused(address, route.Path, reason.Length == 0 ? "TLS client certificate refused (no reason given)" : reason);
        }

        if (head.Status != 200)
        {
            return TlsMismatch.TlsPeer(head.Status, Bounded(errorBody), options.Tls is not null, address, route.Path) ?? (Exception)new RaftStatusException(head.Status, head.Reason, route.Method, address, route.Path, ErrorText(head.ContentType, Bounded(errorBody), method, options));
        }

        return options.CheckResponseContentType ? ContentTypeMismatch(head.ContentType, options.ContentType, address, route.Path) : null;
    }

    /// <summary>The failure for a RaftSdk server's 403 refusal of this node's certificate, from the text of its body.</summary>
    public static RaftConnectionException CertificateRefused(string address, string path, string reason) =>
        new(RaftConnectionFailure.TlsHandshake, address, path, new AuthenticationException("The server refused this node's TLS certificate: " + StripPrefix(reason)));

    /// <summary>Null when <paramref name="actual"/> names <paramref name="expected"/> (media type without case, parameters ignored), else the failure.</summary>
    public static RaftProtocolException? ContentTypeMismatch(string? actual, string expected, string address, string path)
    {
        actual ??= string.Empty;
        if (string.Equals(actual, expected, StringComparison.Ordinal))
        {
            return null;
        }

        int semicolon = actual.IndexOf(';');
        ReadOnlySpan<char> mediaType = (semicolon < 0 ? actual : actual[..semicolon]).AsSpan().Trim();
        if (mediaType.Equals(expected, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string shown = actual.Length == 0 ? "none" : "'" + actual + "'";
        return new RaftProtocolException(
            $"The answer of {address} to {path} has Content-Type {shown}, not '{expected}': it is not a body of this protocol (RaftClientOptions.CheckResponseContentType turns this check off).",
            address,
            path);
    }

    private static ReadOnlySpan<byte> Bounded(ReadOnlySpan<byte> body) => body.Length > MaxErrorBodyBytes ? body[..MaxErrorBodyBytes] : body;

    // The text of an error body: the error member of a protobuf answer of the route, or a text/plain body (Go's http.Error).
    private static string? ErrorText<TRequest, TResponse>(string? contentType, ReadOnlySpan<byte> body, RaftMethod<TRequest, TResponse> method, RaftClientOptions options)
        where TRequest : Mapping.IProtoWritable
    {
        try
        {
            if (method.RemoteError is not null && string.Equals(contentType, options.ContentType, StringComparison.Ordinal))
            {
                string? text = method.RemoteError(method.Read(body.ToArray(), options.MaxDecodedFields));
                return string.IsNullOrEmpty(text) ? null : Shorten(text);
            }

            if (contentType is not null && contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
            {
                return Shorten(Encoding.UTF8.GetString(body).Trim());
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The status is the answer; an error body that cannot be read or mapped (a cut one, or
            // a generated FromProto on an incomplete message) must not hide it.
        }

        return null;
    }

    private static string? Shorten(string text) => text.Length switch
    {
        0 => null,
        > MaxErrorTextLength => text[..MaxErrorTextLength] + "...",
        _ => text,
    };

    private static string StripPrefix(string reason) =>
        reason.StartsWith(RefusalTextPrefix, StringComparison.Ordinal) ? reason[RefusalTextPrefix.Length..] : reason;
}
