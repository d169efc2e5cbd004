using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using RaftSdk.Hosting;
using RaftSdk.Server;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// Field-dense bodies (more fields than one per 64 bytes, at least 65,536) are decoded one at a
/// time: a second one is refused 503 at once with the reason, while bodies of few fields go on;
/// once the first is answered the next dense body is served (issue 18, point 6; docs/reliability.md).
/// </summary>
public sealed class DenseLaneTests
{
    [Fact]
    public async Task A_second_dense_body_is_refused_at_once_while_ordinary_large_bodies_go_on()
    {
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new RaftServerOptions { ContentType = TestServer.ContentType, MaxRequestBodySize = 1 << 20 };
        RaftRoute<TestService> route = RaftRoute<TestService>.Unary<Records, Nothing>("POST", "/test/records", Records.Read, "RecordsPb", async (_, request, _) =>
        {
            if (request.Count == DenseFields && !inside.Task.IsCompleted)
            {
                inside.SetResult();
                await release.Task;
            }

            return new Nothing();
        }, 500);
        var endpoint = new RaftEndpoint<TestService>([route], options, () => new TestService());
        await using RaftListener listener = await RaftListener.StartAsync(endpoint.HandleAsync, new RaftListenerOptions { BindAddress = IPAddress.Loopback });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        string url = $"http://127.0.0.1:{listener.Port}/test/records";

        // 100,000 two-byte fields in 200,000 bytes: past the 65,536 expected, within the most (100,001).
        byte[] dense = Enumerable.Repeat(new byte[] { 0x08, 0x01 }, DenseFields).SelectMany(b => b).ToArray();
        Task<HttpResponseMessage> first = http.PostAsync(url, Body(dense));
        await inside.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using HttpResponseMessage second = await http.PostAsync(url, Body(dense));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal("Server busy: the request decodes to more than 65536 fields, and another such request is being decoded\n", await second.Content.ReadAsStringAsync());
        Assert.Equal(TimeSpan.FromSeconds(1), second.Headers.RetryAfter?.Delta);

        // One bytes field of almost 1 MiB: one field, decoded beside the dense call.
        byte[] large = new byte[1 << 20];
        large[0] = 0x12;
        large[1] = 0xFC;
        large[2] = 0xFF;
        large[3] = 0x3F;
        using HttpResponseMessage ordinary = await http.PostAsync(url, Body(large));
        Assert.Equal(HttpStatusCode.OK, ordinary.StatusCode);

        release.SetResult();
        using HttpResponseMessage firstAnswer = await first;
        Assert.Equal(HttpStatusCode.OK, firstAnswer.StatusCode);
        using HttpResponseMessage next = await http.PostAsync(url, Body(dense));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task A_dense_request_to_a_streamed_answer_route_takes_the_same_lane_as_a_unary_one()
    {
        // Each route in turn holds the lane (its handler waits) while the other route's dense body is refused.
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task HoldAsync(Records request)
        {
            // Only the first dense call of a round holds; today a second one would be served, not wait.
            if (request.Count == DenseFields && inside.TrySetResult())
            {
                await release.Task;
            }
        }

        var options = new RaftServerOptions { ContentType = TestServer.ContentType, MaxRequestBodySize = 1 << 20 };
        RaftRoute<TestService>[] routes =
        [
            RaftRoute<TestService>.Unary<Records, Nothing>("POST", "/test/records", Records.Read, "RecordsPb", async (_, request, _) =>
            {
                await HoldAsync(request);
                return new Nothing();
            }, 500),
            RaftRoute<TestService>.StreamedAnswer<Records, Nothing>("POST", "/test/records-stream", Records.Read, "RecordsPb", async (_, request, _) =>
            {
                await HoldAsync(request);
                return new RaftStreamedAnswer<Nothing>(new Nothing(), new System.IO.MemoryStream([7, 8, 9]));
            }, 500, null),
        ];
        var endpoint = new RaftEndpoint<TestService>(routes, options, () => new TestService());
        await using RaftListener listener = await RaftListener.StartAsync(endpoint.HandleAsync, new RaftListenerOptions { BindAddress = IPAddress.Loopback });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        string unary = $"http://127.0.0.1:{listener.Port}/test/records";
        string streamed = $"http://127.0.0.1:{listener.Port}/test/records-stream";
        byte[] dense = Enumerable.Repeat(new byte[] { 0x08, 0x01 }, DenseFields).SelectMany(b => b).ToArray();

        foreach ((string holder, string refused) in new[] { (unary, streamed), (streamed, unary) })
        {
            Task<HttpResponseMessage> holding = http.PostAsync(holder, Body(dense));
            await inside.Task.WaitAsync(TimeSpan.FromSeconds(30));

            using HttpResponseMessage second = await http.PostAsync(refused, Body(dense));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
            Assert.Equal("Server busy: the request decodes to more than 65536 fields, and another such request is being decoded\n", await second.Content.ReadAsStringAsync());

            release.SetResult();
            using HttpResponseMessage held = await holding;
            Assert.Equal(HttpStatusCode.OK, held.StatusCode);
            inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        // With the lane free, a dense body to the streamed route is answered: the header (0 bytes, its length 0) and the body.
        release.SetResult();
        using HttpResponseMessage answered = await http.PostAsync(streamed, Body(dense));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(new byte[] { 0, 7, 8, 9 }, await answered.Content.ReadAsByteArrayAsync());
    }

    private const int DenseFields = 100_000;

    private static ByteArrayContent Body(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", TestServer.ContentType);
        return content;
    }
}
