using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using RaftSdk.Hosting;

namespace RaftSdk.Runtime.Tests;

/// <summary>A peer that is not a RaftSdk node (or a broken one): a Kestrel listener answering whatever the test writes.</summary>
internal static class ForeignPeer
{
    public static Task<RaftListener> StartAsync(RequestDelegate answer) =>
        RaftListener.StartAsync(answer, new RaftListenerOptions { BindAddress = IPAddress.Loopback });

    public static Task AnswerAsync(HttpContext context, int status, string? contentType, byte[] body)
    {
        context.Response.StatusCode = status;
        if (contentType is not null)
        {
            context.Response.ContentType = contentType;
        }

        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, 0, body.Length);
    }
}
