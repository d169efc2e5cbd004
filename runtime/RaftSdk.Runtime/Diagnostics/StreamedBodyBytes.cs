using Microsoft.AspNetCore.Http;

namespace RaftSdk.Diagnostics;

/// <summary>
/// The bytes a streamed call moved through its HTTP body, for the server's size histograms: a
/// streamed body is chunked as a rule, so there is no Content-Length to report, and one cut
/// short moved less than it announced. Set as a feature of the call's <see cref="HttpContext"/>
/// by the streamed call handlers, only while the server is measured; a side left null is
/// measured as a unary body is (its Content-Length).
/// </summary>
internal sealed class StreamedBodyBytes
{
    /// <summary>The request body's bytes read: the header's length prefix and the header, then the body.</summary>
    public long? Request { get; set; }

    /// <summary>The answer body's bytes written and flushed: the header's length prefix and the header, then the body.</summary>
    public long? Response { get; set; }

    /// <summary>A new record on <paramref name="context"/> when the server's sizes are measured; null otherwise (nothing to count).</summary>
    public static StreamedBodyBytes? Track(HttpContext context)
    {
        if (!RaftInstruments.ServerRequestSize.Enabled && !RaftInstruments.ServerResponseSize.Enabled)
        {
            return null;
        }

        var bytes = new StreamedBodyBytes();
        context.Features.Set(bytes);
        return bytes;
    }
}
