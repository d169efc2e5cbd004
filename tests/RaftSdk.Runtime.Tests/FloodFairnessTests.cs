using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Hosting;
using RaftSdk.Server;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// Large requests share the memory budget in turn: while 4 connections flood it with bodies of
/// the largest size, a peer's bodies of that size still get through (at least 9 in 10 answered
/// 200; issue 18, point 6). The issue measured 8 MiB bodies against the default budget, where 27
/// of 27 got 503; this is the same shape scaled down to 1 MiB bodies and a budget that holds one
/// such body, so the test stays small and quick.
/// </summary>
public sealed class FloodFairnessTests
{
    private const int BodySize = 1 << 20;
    private const int Flooders = 4;
    private const int PeerCalls = 10;

    [Fact]
    public async Task A_peers_large_appends_get_through_while_four_connections_flood_large_bodies()
    {
        var sizes = new RaftServerOptions { ContentType = TestServer.ContentType, MaxRequestBodySize = BodySize };
        var options = new RaftServerOptions
        {
            ContentType = TestServer.ContentType,
            MaxRequestBodySize = BodySize,
            MaxRequestBytesInFlight = sizes.ChargeOfLargestBody,
        };
        RaftRoute<TestService>[] routes =
        [
            // The answer takes a while, as a Raft append that writes to disk does; the body's bytes are held meanwhile.
            RaftRoute<TestService>.Unary<Nothing, Nothing>("POST", "/test/append", Nothing.Read, "NothingPb", static async (_, _, cancel) =>
            {
                await Task.Delay(20, cancel);
                return new Nothing();
            }, 500),
        ];
        var endpoint = new RaftEndpoint<TestService>(routes, options, () => new TestService());
        await using RaftListener listener = await RaftListener.StartAsync(endpoint.HandleAsync, new RaftListenerOptions { BindAddress = IPAddress.Loopback });
        string url = $"http://127.0.0.1:{listener.Port}/test/append";

        // Many one-byte fields: what an attacker sends. The peer's body is one large bytes field.
        byte[] hostile = Enumerable.Repeat(new byte[] { 0x08, 0x01 }, BodySize / 2).SelectMany(b => b).ToArray();
        byte[] append = new byte[BodySize];
        append[0] = 0x12;
        append[1] = 0xFC;
        append[2] = 0xFF;
        append[3] = 0x3F;
        using var stop = new CancellationTokenSource();
        long flooded = 0;
        Task[] flood = Enumerable.Range(0, Flooders).Select(_ => Task.Run(async () =>
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 });
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using HttpResponseMessage answer = await http.PostAsync(url, Body(hostile), stop.Token);
                    Interlocked.Increment(ref flooded);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                }
            }
        })).ToArray();

        int served = 0;
        var statuses = new System.Collections.Generic.List<HttpStatusCode>();
        try
        {
            // The flood is under way before the peer calls.
            while (Interlocked.Read(ref flooded) < Flooders)
            {
                await Task.Delay(10);
            }

            using var peer = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            for (int i = 0; i < PeerCalls; i++)
            {
                using HttpResponseMessage answer = await peer.PostAsync(url, Body(append));
                statuses.Add(answer.StatusCode);
                served += answer.StatusCode == HttpStatusCode.OK ? 1 : 0;
            }
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(flood);
        }

        Assert.True(served >= 9, $"{served} of {PeerCalls} answered 200 while the flood ran: {string.Join(", ", statuses)}");
        Assert.True(Interlocked.Read(ref flooded) > PeerCalls, "the flood did not run alongside");
    }

    private static ByteArrayContent Body(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", TestServer.ContentType);
        return content;
    }
}
