using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace RaftSdk.Server;

/// <summary>Short text/plain answers for requests the server refuses.</summary>
internal static class PlainTextAnswer
{
    public static Task WriteAsync(HttpContext context, int statusCode, string text, bool closeConnection = false)
    {
        HttpResponse response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        // The shape of Go's http.Error: text/plain, nosniff, a trailing newline.
        byte[] body = Encoding.UTF8.GetBytes(text + "\n");
        response.StatusCode = statusCode;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.XContentTypeOptions = "nosniff";
        if (closeConnection)
        {
            // The rest of an oversized body is not worth draining; Kestrel closes after this answer.
            response.Headers.Connection = "close";
        }

        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, 0, body.Length);
    }
}
