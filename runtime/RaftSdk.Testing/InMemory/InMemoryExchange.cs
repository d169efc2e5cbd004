using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace RaftSdk.Testing;

/// <summary>
/// Runs one HTTP exchange in memory: the client's request, already encoded to bytes, becomes an
/// <see cref="HttpContext"/> the server's request delegate reads and answers; the answer's bytes
/// become the client's response. Nothing is shared between the two sides but bytes and headers,
/// so a codec or mapping bug shows as it would over a socket.
/// </summary>
internal static class InMemoryExchange
{
    public static async Task<byte[]> ReadRequestBodyAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

    public static async Task<HttpResponseMessage> ServeAsync(
        RequestDelegate server, HttpRequestMessage request, byte[] body, IPEndPoint caller, CancellationToken cancellationToken)
    {
        Uri uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var context = new DefaultHttpContext();
        HttpRequest serverRequest = context.Request;
        serverRequest.Method = request.Method.Method;
        serverRequest.Scheme = uri.Scheme;
        serverRequest.Host = new HostString(uri.Authority);
        serverRequest.Path = uri.AbsolutePath;
        serverRequest.QueryString = new QueryString(uri.Query);
        CopyHeaders(request.Headers, serverRequest.Headers);
        if (request.Content is not null)
        {
            CopyHeaders(request.Content.Headers, serverRequest.Headers);
            serverRequest.ContentLength = body.Length;
        }

        byte[] answer = await ServeAsync(server, context, body, caller, cancellationToken).ConfigureAwait(false);
        var response = new HttpResponseMessage((HttpStatusCode)context.Response.StatusCode)
        {
            Version = HttpVersion.Version11,
            RequestMessage = request,
            Content = new ByteArrayContent(answer),
        };
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in context.Response.Headers)
        {
            if (!response.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value))
            {
                response.Content.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value);
            }
        }

        response.Content.Headers.ContentLength = answer.Length;
        return response;
    }

    /// <summary>
    /// Runs <paramref name="server"/> on a request whose method, target and headers are set in
    /// <paramref name="context"/>; returns the answer's body (status and headers are in the context).
    /// </summary>
    public static async Task<byte[]> ServeAsync(RequestDelegate server, DefaultHttpContext context, byte[] body, IPEndPoint caller, CancellationToken cancellationToken)
    {
        context.Request.Protocol = "HTTP/1.1";
        context.Request.Body = new MemoryStream(body, writable: false);
        context.Connection.RemoteIpAddress = caller.Address;
        context.Connection.RemotePort = caller.Port;
        context.RequestAborted = cancellationToken;

        var responseBody = new MemoryStream();
        var bodyFeature = new StreamResponseBodyFeature(responseBody);
        context.Features.Set<IHttpResponseBodyFeature>(bodyFeature);
        await server(context).ConfigureAwait(false);
        await bodyFeature.CompleteAsync().ConfigureAwait(false);
        return responseBody.ToArray();
    }

    private static void CopyHeaders(System.Net.Http.Headers.HttpHeaders from, IHeaderDictionary to)
    {
        foreach (KeyValuePair<string, IEnumerable<string>> header in from)
        {
            to[header.Key] = new Microsoft.Extensions.Primitives.StringValues([.. header.Value]);
        }
    }
}
