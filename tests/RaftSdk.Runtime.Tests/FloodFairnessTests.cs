using System;
using System.Collections.Generic;
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
/// Large requests share the memory budget fairly: while 4 connections flood it with bodies of
/// the largest size, a peer's bodies of that size still get through (at least 9 in 10 answered
/// 200; issue 18, point 6). The issue measured 8 MiB bodies against the default budget, where 27
/// of 27 got 503; these are the same shape scaled down to 1 MiB bodies, so they stay small and quick.
/// </summary>
public sealed class FloodFairnessTests
{
    private const int BodySize = 1 << 20;
    private const int Flooders = 4;
    private const int PeerCalls = 10;

    /// <summary>Many one-byte fields: what an attacker sends (524,288 fields in 1 MiB).</summary>
    private static readonly byte[] Hostile = Enumerable.Repeat(new byte[] { 0x08, 0x01 }, BodySize / 2).SelectMany(b => b).ToArray();

    [Fact]
    public async Task A_peers_large_appends_get_through_while_four_connections_flood_large_bodies()
    {
        // A budget that holds one body of the largest size: the flood's calls take it in turn.
        var sizes = new RaftServerOptions { ContentType = TestServer.ContentType, MaxRequestBodySize = BodySize };
        var options = new RaftServerOptions
        {
            ContentType = TestServer.ContentType,
            MaxRequestBodySize = BodySize,
            MaxRequestBytesInFlight = sizes.ChargeOfLargestBody,
        };

        // The answer takes a while, as a Raft append that writes to disk does; the body's bytes are held meanwhile.
        RaftRoute<TestService> route = RaftRoute<TestService>.Unary<Nothing, Nothing>("POST", "/test/append", Nothing.Read, "NothingPb", static async (_, _, cancel) =>
        {
            await Task.Delay(20, cancel);
            return new Nothing();
        }, 500);

        (Dictionary<int, int> peer, long flooded) = await FloodAsync(options, route, PeerAppend());

        Assert.True(peer.GetValueOrDefault(200) >= 9, $"{peer.GetValueOrDefault(200)} of {PeerCalls} answered 200 while the flood ran: {Show(peer)}");
        Assert.True(flooded > PeerCalls, "the flood did not run alongside");
    }

    /// <summary>
    /// The issue's proportions: a budget a little larger than one dense body's worst case (as the
    /// default 224 MiB is to an 8 MiB dense body's 176 MiB), dense bodies that decode to 524,288
    /// records and whose append takes a while (1 ms per 1,000 entries, a Raft writing them), and
    /// a peer whose body decodes to one record. Charged the worst case up front, the peer waited
    /// behind every flooder's dense call and most of its calls outlived <c>BudgetWait</c>; charged
    /// its expected fields (<see cref="RequestBodyReader.ExpectedFields"/>) it fits beside the one
    /// dense call the lane lets decode.
    /// </summary>
    [Fact]
    public async Task A_peers_large_appends_get_through_while_four_connections_flood_dense_bodies_at_the_issues_proportions()
    {
        var options = new RaftServerOptions
        {
            ContentType = TestServer.ContentType,
            MaxRequestBodySize = BodySize,
            MaxRequestBytesInFlight = 28L << 20,
            BudgetWait = TimeSpan.FromSeconds(1),
        };
        RaftRoute<TestService> route = RaftRoute<TestService>.Unary<Records, Nothing>("POST", "/test/append", Records.Read, "RecordsPb", static async (_, request, cancel) =>
        {
            await Task.Delay(request.Count / 1000, cancel);
            return new Nothing();
        }, 500);

        (Dictionary<int, int> peer, long flooded) = await FloodAsync(options, route, PeerAppend());

        Assert.True(peer.GetValueOrDefault(200) >= 9, $"{peer.GetValueOrDefault(200)} of {PeerCalls} answered 200 while the flood ran: {Show(peer)}");
        Assert.True(flooded > PeerCalls, "the flood did not run alongside");
    }

    /// <summary>One bytes field of almost 1 MiB: a few large entries, few fields.</summary>
    private static byte[] PeerAppend()
    {
        byte[] append = new byte[BodySize];
        append[0] = 0x12;
        append[1] = 0xFC;
        append[2] = 0xFF;
        append[3] = 0x3F;
        return append;
    }

    /// <summary>Runs 4 connections posting <see cref="Hostile"/> in a loop and, once they are under way, a peer's 10 calls one after the other; the peer's answers by status and how many flood calls were answered.</summary>
    private static async Task<(Dictionary<int, int> Peer, long Flooded)> FloodAsync(RaftServerOptions options, RaftRoute<TestService> route, byte[] append)
    {
        var endpoint = new RaftEndpoint<TestService>([route], options, () => new TestService());
        await using RaftListener listener = await RaftListener.StartAsync(endpoint.HandleAsync, new RaftListenerOptions { BindAddress = IPAddress.Loopback });
        string url = $"http://127.0.0.1:{listener.Port}/test/append";

        using var stop = new CancellationTokenSource();
        long flooded = 0;
        Task[] flood = Enumerable.Range(0, Flooders).Select(_ => Task.Run(async () =>
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 });
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using HttpResponseMessage answer = await http.PostAsync(url, Body(Hostile), stop.Token);
                    Interlocked.Increment(ref flooded);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                }
            }
        })).ToArray();

        var peer = new Dictionary<int, int>();
        try
        {
            // The flood is under way before the peer calls.
            while (Interlocked.Read(ref flooded) < Flooders)
            {
                await Task.Delay(10);
            }

            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            for (int i = 0; i < PeerCalls; i++)
            {
                using HttpResponseMessage answer = await client.PostAsync(url, Body(append));
                peer[(int)answer.StatusCode] = peer.GetValueOrDefault((int)answer.StatusCode) + 1;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(flood);
        }

        return (peer, Interlocked.Read(ref flooded));
    }

    private static string Show(Dictionary<int, int> statuses) => string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} x{s.Value}"));

    private static ByteArrayContent Body(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", TestServer.ContentType);
        return content;
    }
}
