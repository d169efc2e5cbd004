using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace RaftSdk.Benchmarks.Serve;

/// <summary>
/// The raw ceiling: a Kestrel request delegate that drains the body from the request pipe and
/// answers the pre-encoded response bytes. No protobuf, no routing, no checks.
/// </summary>
internal static class RawServer
{
    public static async Task HandleAsync(HttpContext context)
    {
        PipeReader reader = context.Request.BodyReader;
        while (true)
        {
            ReadResult result = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                break;
            }
        }

        HttpResponse response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/changeagent+protobuf";
        response.ContentLength = Workload.AnswerBytes.Length;
        PipeWriter writer = response.BodyWriter;
        Workload.AnswerBytes.AsSpan().CopyTo(writer.GetSpan(Workload.AnswerBytes.Length));
        writer.Advance(Workload.AnswerBytes.Length);
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
