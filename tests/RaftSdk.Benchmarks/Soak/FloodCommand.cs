using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.Benchmarks.Soak;

/// <summary>
/// <c>flood</c>: N connections send amplifying Append bodies (<see cref="HostileBodies"/>) in a
/// loop while one peer sends M real Appends of the same size (entries of 1 KiB of data) one after
/// the other; reports the peer's statuses (issue 18: at least 9 in 10 must be 200).
/// </summary>
internal static class FloodCommand
{
    public static async Task<int> RunAsync(CommandLine args)
    {
        string target = args.Text("target") ?? throw new UsageException("--target host:port is required.");
        int flooders = args.Int("connections", 4);
        int peerCalls = args.Int("peer-calls", 30);
        int size = args.Int("bytes", 8 * 1024 * 1024);
        args.EnsureAllRead();

        string url = $"http://{target}/raft/append";
        byte[] hostile = HostileBodies.TinyEntries(size);
        byte[] append = HostileBodies.RealEntries(size);
        var floodStatuses = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        Task[] flood = Enumerable.Range(0, flooders).Select(_ => Task.Run(async () =>
        {
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 1 }) { Timeout = TimeSpan.FromSeconds(120) };
            while (!stop.IsCancellationRequested)
            {
                floodStatuses.AddOrUpdate(await PostAsync(http, url, hostile, stop.Token).ConfigureAwait(false), 1, (_, n) => n + 1);
            }
        })).ToArray();

        var peerStatuses = new ConcurrentDictionary<string, int>();
        using (var peer = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(120) })
        {
            await Task.Delay(1000).ConfigureAwait(false);
            for (int i = 0; i < peerCalls; i++)
            {
                peerStatuses.AddOrUpdate(await PostAsync(peer, url, append, CancellationToken.None).ConfigureAwait(false), 1, (_, n) => n + 1);
            }
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(flood).ConfigureAwait(false);
        Console.WriteLine($"flood: {flooders} connections of {hostile.Length:N0}-byte amplifying Appends, a peer's {peerCalls} real Appends of {append.Length:N0} bytes, to {target}");
        Console.WriteLine($"  peer answers: {Show(peerStatuses)}");
        Console.WriteLine($"  flood answers: {Show(floodStatuses)}");
        return 0;
    }

    private static async Task<string> PostAsync(HttpClient http, string url, byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/changeagent+protobuf");
            using HttpResponseMessage response = await http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
            await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return e.GetType().Name;
        }
    }

    private static string Show(ConcurrentDictionary<string, int> statuses) =>
        string.Join(", ", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} x{s.Value}"));
}
