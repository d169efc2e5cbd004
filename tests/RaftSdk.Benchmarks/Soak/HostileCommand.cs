using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.Benchmarks.Soak;

/// <summary>
/// <c>hostile</c>: sends N amplifying Append bodies (<see cref="HostileBodies"/>) at once to a
/// server and reports the statuses, the slowest answer and the server process's peak RSS (VmHWM,
/// reset first) when its pid is given.
/// </summary>
internal static class HostileCommand
{
    public static async Task<int> RunAsync(CommandLine args)
    {
        string target = args.Text("target") ?? throw new UsageException("--target host:port is required.");
        int requests = args.Int("requests", 64);
        int size = args.Int("bytes", 8 * 1024 * 1024);
        int pid = args.Int("server-pid", 0);
        int timeoutSeconds = args.Int("timeout-seconds", 120);
        args.EnsureAllRead();

        byte[] body = HostileBodies.TinyEntries(size);
        if (pid > 0)
        {
            ProcessMemory.ResetPeak(pid);
        }

        long? rssBefore = pid > 0 ? ProcessMemory.Rss(pid) : null;
        using var handler = new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = requests };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(timeoutSeconds) };
        var statuses = new ConcurrentDictionary<string, int>();
        var slowest = new long[1];
        using var sampling = new CancellationTokenSource();
        long sampledPeak = 0;
        Task sampler = pid > 0 ? Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                sampledPeak = Math.Max(sampledPeak, ProcessMemory.Rss(pid) ?? 0);
                await Task.Delay(20).ConfigureAwait(false);
            }
        }) : Task.CompletedTask;

        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, requests).Select(async _ =>
        {
            var timer = Stopwatch.StartNew();
            string outcome;
            try
            {
                var content = new ByteArrayContent(body);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/changeagent+protobuf");
                using HttpResponseMessage response = await http.PostAsync($"http://{target}/raft/append", content).ConfigureAwait(false);
                await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                outcome = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                outcome = e.GetType().Name;
            }

            statuses.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            InterlockedMax(ref slowest[0], timer.ElapsedMilliseconds);
        })).ConfigureAwait(false);
        wall.Stop();

        // Memory held once the answers are out (what stays after a flood).
        await Task.Delay(1000).ConfigureAwait(false);
        sampling.Cancel();
        await sampler.ConfigureAwait(false);

        Console.WriteLine($"hostile: {requests} x {body.Length:N0}-byte Append ({HostileBodies.EntryCount(size):N0} tiny entries each) to {target}");
        Console.WriteLine($"  answers: {string.Join(", ", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} x{s.Value}"))}");
        Console.WriteLine($"  wall {wall.ElapsedMilliseconds} ms, slowest answer {slowest[0]} ms");
        if (pid > 0)
        {
            Console.WriteLine($"  server RSS before {Mb(rssBefore)}, peak {Mb(ProcessMemory.PeakRss(pid))} (VmHWM; sampled every 20 ms: {Mb(sampledPeak)}), 1 s after {Mb(ProcessMemory.Rss(pid))}");
        }

        return 0;
    }

    private static string Mb(long? bytes) => bytes is long b ? $"{b / (1024.0 * 1024.0):F0} MiB" : "n/a";

    private static void InterlockedMax(ref long target, long value)
    {
        long seen = Volatile.Read(ref target);
        while (value > seen)
        {
            long previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
