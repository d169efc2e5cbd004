using System;
using System.Diagnostics;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Benchmarks.Serve;

namespace RaftSdk.Benchmarks.Load;

/// <summary>
/// What to run. The warm-up lasts <paramref name="WarmupSeconds"/> and then goes on, in slices of
/// one second, until the JIT is quiet in the client and (when its control port is known) in the
/// server, but not past <paramref name="WarmupMaxSeconds"/> in all; equal values give a purely
/// timed warm-up.
/// </summary>
internal sealed record LoadSettings(int Entries, int Concurrency, int Requests, double WarmupSeconds, double WarmupMaxSeconds);

/// <summary>The figures of one measured run (warm-up excluded). Latencies in microseconds; per-request figures divide by the measured requests.</summary>
internal sealed record LoadResult(
    string Transport,
    bool Tls,
    int Entries,
    int Concurrency,
    int Requests,
    double WarmupSeconds,
    int WarmupRequests,
    double Seconds,
    double RequestsPerSecond,
    double P50Us,
    double P99Us,
    double MaxUs,
    double MeanUs,
    double ClientCpuUsPerRequest,
    double ClientBytesPerRequest,
    int ClientGen0,
    double? ServerCpuUsPerRequest,
    double? ServerBytesPerRequest,
    int? ServerGen0,
    int Errors,
    string? FirstError,
    long ClientJitMethods = 0,
    double ClientJitMilliseconds = 0,
    long? ServerJitMethods = null,
    double? ServerJitMilliseconds = null,
    bool WarmupJitQuiet = true,
    double ClientWorkItemsPerRequest = 0);

/// <summary>Reads the server process's figures from its control port (<c>serve</c> only).</summary>
internal sealed class ServerStatsClient : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Uri _uri;

    public ServerStatsClient(string control)
    {
        _uri = new Uri("http://" + control + "/stats");
    }

    public async Task<ProcessStats> GetAsync() =>
        await _http.GetFromJsonAsync<ProcessStats>(_uri).ConfigureAwait(false)
        ?? throw new InvalidOperationException("The server sent no statistics.");

    public void Dispose() => _http.Dispose();
}

/// <summary>
/// Drives one client with C concurrent callers: first a timed warm-up (connections opened, JIT
/// tiered up), then exactly N measured calls. Every answer is checked; a failed call counts as an error.
/// </summary>
internal static class LoadRunner
{
    private const int MaxErrors = 100;

    // A warm-up slice after the timed part; the JIT counts as quiet when the client and the
    // server together compiled at most this many methods in each of the last QuietSlices slices
    // (tier-1 promotions come in bursts: one quiet second was sometimes followed by 30-40 methods).
    private const double WarmupSliceSeconds = 1;
    private const int QuietJitMethods = 5;
    private const int QuietSlices = 2;

    public static async Task<LoadResult> RunAsync(string transport, bool tls, ILoadClient client, LoadSettings settings, ServerStatsClient? server)
    {
        // A timed warm-up alone is not enough on a busy 2-core VM: tiered compilation (tier 0,
        // then instrumented, then tier 1, in a background thread that competes with the load)
        // went on for seconds after a 3 s warm-up, and the CPU it took was counted as the
        // transport's (up to ~1.7 s of JIT in 20,000 measured calls, i.e. ~80 us per call).
        long warmupStarted = Stopwatch.GetTimestamp();
        long warmupEnd = warmupStarted + (long)(settings.WarmupSeconds * Stopwatch.Frequency);
        long warmupLimit = warmupStarted + (long)(Math.Max(settings.WarmupSeconds, settings.WarmupMaxSeconds) * Stopwatch.Frequency);
        int warmupCalls = 0;
        bool quiet = false;
        int quietSlices = 0;
        long jitBefore = await JitMethodsAsync(server).ConfigureAwait(false);
        while (true)
        {
            var warmup = new Run(client, int.MaxValue, recordLatencies: false, warmupEnd);
            await warmup.DriveAsync(settings.Concurrency).ConfigureAwait(false);
            warmupCalls += warmup.Completed;
            if (warmup.Errors > 0)
            {
                throw new InvalidOperationException($"{warmup.Errors} calls failed during the warm-up; the first: {warmup.FirstError}");
            }

            long jitNow = await JitMethodsAsync(server).ConfigureAwait(false);
            quietSlices = jitNow - jitBefore <= QuietJitMethods ? quietSlices + 1 : 0;
            quiet = quietSlices >= QuietSlices;
            jitBefore = jitNow;
            if (quiet || Stopwatch.GetTimestamp() >= warmupLimit)
            {
                break;
            }

            warmupEnd = Math.Min(Stopwatch.GetTimestamp() + (long)(WarmupSliceSeconds * Stopwatch.Frequency), warmupLimit);
        }

        double warmupSeconds = (Stopwatch.GetTimestamp() - warmupStarted) / (double)Stopwatch.Frequency;

        // Start the measurement from a clean young generation, the same for every transport.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        ProcessStats? serverBefore = server is null ? null : await server.GetAsync().ConfigureAwait(false);
        ProcessStats clientBefore = ProcessStats.Now();
        var measured = new Run(client, settings.Requests, recordLatencies: true, deadline: long.MaxValue);
        long start = Stopwatch.GetTimestamp();
        await measured.DriveAsync(settings.Concurrency).ConfigureAwait(false);
        long end = Stopwatch.GetTimestamp();
        ProcessStats clientUsed = ProcessStats.Now().Minus(clientBefore);
        ProcessStats? serverUsed = server is null ? null : (await server.GetAsync().ConfigureAwait(false)).Minus(serverBefore!);

        int n = settings.Requests;
        double seconds = (end - start) / (double)Stopwatch.Frequency;
        long[] latencies = measured.Latencies!;
        Array.Sort(latencies);
        double ToUs(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
        double sum = 0;
        foreach (long ticks in latencies)
        {
            sum += ticks;
        }

        return new LoadResult(
            transport,
            tls,
            settings.Entries,
            settings.Concurrency,
            n,
            warmupSeconds,
            warmupCalls,
            seconds,
            n / seconds,
            ToUs(latencies[Percentile(n, 0.50)]),
            ToUs(latencies[Percentile(n, 0.99)]),
            ToUs(latencies[n - 1]),
            ToUs((long)(sum / n)),
            clientUsed.CpuMilliseconds * 1000.0 / n,
            clientUsed.AllocatedBytes / (double)n,
            clientUsed.Gen0,
            serverUsed is null ? null : serverUsed.CpuMilliseconds * 1000.0 / n,
            serverUsed is null ? null : serverUsed.AllocatedBytes / (double)n,
            serverUsed?.Gen0,
            measured.Errors,
            measured.FirstError,
            clientUsed.JitMethods,
            clientUsed.JitMilliseconds,
            serverUsed?.JitMethods,
            serverUsed?.JitMilliseconds,
            quiet,
            clientUsed.WorkItems / (double)n);
    }

    private static async Task<long> JitMethodsAsync(ServerStatsClient? server) =>
        ProcessStats.Now().JitMethods + (server is null ? 0 : (await server.GetAsync().ConfigureAwait(false)).JitMethods);

    private static int Percentile(int count, double fraction) => Math.Clamp((int)Math.Ceiling(fraction * count) - 1, 0, count - 1);

    private sealed class Run
    {
        private readonly ILoadClient _client;
        private readonly int _requests;
        private readonly long _deadline;
        private int _next = -1;
        private int _completed;
        private int _errors;

        public Run(ILoadClient client, int requests, bool recordLatencies, long deadline)
        {
            _client = client;
            _requests = requests;
            _deadline = deadline;
            Latencies = recordLatencies ? new long[requests] : null;
        }

        public long[]? Latencies { get; }

        public int Completed => Volatile.Read(ref _completed);

        public int Errors => Volatile.Read(ref _errors);

        public string? FirstError { get; private set; }

        public async Task DriveAsync(int concurrency)
        {
            var callers = new Task[concurrency];
            for (int i = 0; i < concurrency; i++)
            {
                callers[i] = Task.Run(CallerAsync);
            }

            await Task.WhenAll(callers).ConfigureAwait(false);
        }

        private async Task CallerAsync()
        {
            while (true)
            {
                int index = Interlocked.Increment(ref _next);
                if (index >= _requests || Volatile.Read(ref _errors) >= MaxErrors)
                {
                    return;
                }

                long started = Stopwatch.GetTimestamp();
                if (started > _deadline)
                {
                    return;
                }

                try
                {
                    await _client.CallAsync().ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    if (Interlocked.Increment(ref _errors) == 1)
                    {
                        FirstError = e.GetType().Name + ": " + e.Message;
                    }
                }

                long elapsed = Stopwatch.GetTimestamp() - started;
                if (Latencies is not null)
                {
                    Latencies[index] = elapsed;
                }

                Interlocked.Increment(ref _completed);
            }
        }
    }
}
