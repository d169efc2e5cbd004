using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace RaftSdk.Server;

/// <summary>The server's one writer of short text/plain answers (the shape of Go's <c>http.Error</c>), for every refusal.</summary>
internal static class PlainTextAnswer
{
    /// <summary>Go's <c>http.NotFound</c> text, the answer to a path no route serves.</summary>
    public const string NotFound = "404 page not found";

    /// <summary>
    /// Writes <paramref name="text"/> with <paramref name="statusCode"/>: text/plain, nosniff, a
    /// trailing newline; <c>Connection: close</c> when the rest of the request is not worth
    /// draining; <c>Retry-After</c> when given. Nothing when the answer has started.
    /// </summary>
    public static Task WriteAsync(HttpContext context, int statusCode, string text, bool closeConnection = false, string? retryAfter = null)
    {
        HttpResponse response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        byte[] body = Encoding.UTF8.GetBytes(text + "\n");
        response.StatusCode = statusCode;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.XContentTypeOptions = "nosniff";
        if (retryAfter is not null)
        {
            response.Headers.RetryAfter = retryAfter;
        }

        if (closeConnection)
        {
            // Kestrel closes after this answer.
            response.Headers.Connection = "close";
        }

        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, 0, body.Length);
    }
}
