using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using RaftSdk.Benchmarks.Load;
using RaftSdk.Tls;

namespace RaftSdk.Benchmarks.Compare;

/// <summary>
/// <c>compare</c>: one invocation runs the bench workload over RaftSdk, RaftSdk pipelined
/// (<c>pipeN</c>: depth N per connection), grpc-dotnet unary and the raw ceiling for every
/// (security, K, C), alternating the transports (A B C A B C), each server a <c>serve</c> child
/// process on 127.0.0.1. CPU time per call (client + server process) is the primary cost: on a
/// shared VM it moves far less between runs than req/s. Every figure is the median of the
/// alternating runs with its range; a difference counts as beyond the noise when the ranges do
/// not overlap.
/// </summary>
internal static class CompareCommand
{
    private static readonly string[] AllTransports = { "raftsdk", "grpc", "raw", "pipe1", "pipe16", "pipe64", "raftsdk-new", "grpc-new", "raw-new" };

    public static async Task<int> RunAsync(CommandLine args)
    {
        int requests = args.Int("requests", 20_000);
        double warmup = args.Double("warmup-seconds", 3);
        double warmupMax = args.Double("warmup-max-seconds", 30);
        int reps = args.Int("reps", 3);
        int[] entries = args.Ints("entries", new[] { 1, 64 });
        int[] concurrency = args.Ints("concurrency", new[] { 1, 16, 64 });
        string[] security = args.Texts("security", new[] { "plain", "tls" });
        string[] transports = args.Texts("transports", AllTransports);
        string output = args.Text("out", "compare-results.json");
        double maxMinutes = args.Double("max-minutes", 40);
        args.EnsureAllRead();

        MachineInfo machine = Report.Machine();
        var settings = new CompareSettings(requests, warmup, warmupMax, reps, entries, concurrency, security, transports, maxMinutes);
        Console.WriteLine($"compare: {machine.ProcessorCount} CPUs ({machine.Cpu}), {machine.Memory}, {machine.Runtime}, {machine.Gc} GC, load average {machine.LoadAverage}");
        Console.WriteLine($"  {requests} measured calls per run after a warm-up of {warmup:0.#} s and then until the JIT is quiet (at most {warmupMax:0.#} s), {reps} runs per configuration, transports alternating {string.Join(" ", transports)}");

        var results = new List<LoadResult>();
        var stopwatch = Stopwatch.StartNew();
        var modes = new List<bool>();
        foreach (string mode in security)
        {
            modes.Add(mode switch
            {
                "plain" => false,
                "tls" => true,
                _ => throw new UsageException($"--security takes plain and/or tls, not '{mode}'."),
            });
        }

        string? pki = modes.Contains(true) ? BenchPki.NewTemporaryDirectory() : null;
        bool stoppedEarly;
        try
        {
            if (pki is not null)
            {
                BenchPki.EnsureCreated(pki);
            }

            stoppedEarly = await RunAllAsync(modes, pki, settings, results, stopwatch);
        }
        finally
        {
            if (pki is not null)
            {
                Directory.Delete(pki, recursive: true);
            }
        }

        machine = machine with { LoadAverage = machine.LoadAverage + " (start) / " + Report.LoadAverage() + " (end)" };
        List<CompareRow> rows = Aggregate(results, settings);
        string table = Markdown(rows, results, settings, machine, stopwatch.Elapsed, stoppedEarly);
        Console.WriteLine();
        Console.WriteLine(table);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var report = new CompareReport(machine, settings, stopwatch.Elapsed.TotalSeconds, stoppedEarly, rows, TlsRows(rows), results);
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(report, Report.JsonOptions));
        await File.WriteAllTextAsync(Path.ChangeExtension(output, ".md"), table);
        Console.WriteLine($"Written: {Path.GetFullPath(output)} and {Path.GetFullPath(Path.ChangeExtension(output, ".md"))}");
        return results.Any(r => r.Errors > 0) ? 1 : 0;
    }

    /// <summary>
    /// Every server (transport x security) runs from the start, so that plaintext and mutual TLS are
    /// interleaved too: for each K and C, each run goes through the security modes and, within
    /// each, the transports (A B C, A' B' C', then again).
    /// </summary>
    private static async Task<bool> RunAllAsync(List<bool> modes, string? pki, CompareSettings settings, List<LoadResult> results, Stopwatch stopwatch)
    {
        var servers = new Dictionary<(string Transport, bool Tls), ServerProcess>();
        RaftTlsCredentials? credentials = pki is null ? null : BenchPki.ClientFiles(pki).LoadCredentials();
        try
        {
            foreach (bool tls in modes)
            {
                foreach (string transport in settings.Transports)
                {
                    string kind = LoadClients.ServerKind(transport);
                    if (!servers.ContainsKey((kind, tls)))
                    {
                        servers[(kind, tls)] = await ServerProcess.StartAsync(kind, tls ? pki : null, (settings.MaxMinutes * 60) + 300);
                    }
                }
            }

            foreach (int k in settings.Entries)
            {
                var workload = new Workload(k);
                foreach (int c in settings.Concurrency)
                {
                    for (int rep = 0; rep < settings.Reps; rep++)
                    {
                        foreach (bool tls in modes)
                        {
                            foreach (string transport in settings.Transports)
                            {
                                if (stopwatch.Elapsed.TotalMinutes > settings.MaxMinutes)
                                {
                                    Console.WriteLine($"Stopping: the time limit of {settings.MaxMinutes} minutes is reached.");
                                    return true;
                                }

                                ServerProcess server = servers[(LoadClients.ServerKind(transport), tls)];
                                using var stats = new ServerStatsClient(server.Control);
                                using ILoadClient client = LoadClients.Create(transport, server.Target, workload, tls ? credentials : null, c);
                                LoadResult result;
                                try
                                {
                                    result = await LoadRunner.RunAsync(transport, tls, client, new LoadSettings(k, c, settings.Requests, settings.WarmupSeconds, settings.WarmupMaxSeconds), stats);
                                }
                                catch (InvalidOperationException e)
                                {
                                    Console.WriteLine($"{transport} {(tls ? "mTLS" : "plain")} K={k} C={c}: FAILED: {e.Message}");
                                    result = new LoadResult(transport, tls, k, c, 0, settings.WarmupSeconds, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, 1, e.Message);
                                }

                                results.Add(result);
                                Console.WriteLine(LoadCommand.Describe(result));
                            }
                        }
                    }
                }
            }

            return false;
        }
        finally
        {
            foreach (ServerProcess server in servers.Values)
            {
                await server.DisposeAsync();
            }

            credentials?.Dispose();
        }
    }

    private static List<CompareRow> Aggregate(List<LoadResult> results, CompareSettings settings)
    {
        var rows = new List<CompareRow>();
        foreach (var group in results.Where(r => r.Errors == 0).GroupBy(r => (r.Tls, r.Entries, r.Concurrency)))
        {
            var byTransport = new Dictionary<string, Summary>();
            foreach (string transport in settings.Transports)
            {
                LoadResult[] runs = group.Where(r => r.Transport == transport).ToArray();
                if (runs.Length > 0)
                {
                    byTransport[transport] = Summary.Of(runs);
                }
            }

            rows.Add(new CompareRow(group.Key.Tls, group.Key.Entries, group.Key.Concurrency, byTransport));
        }

        return rows.OrderBy(r => r.Tls).ThenBy(r => r.Entries).ThenBy(r => r.Concurrency).ToList();
    }

    private static List<TlsRow> TlsRows(List<CompareRow> rows)
    {
        var list = new List<TlsRow>();
        foreach (CompareRow secure in rows.Where(r => r.Tls))
        {
            CompareRow? plain = rows.FirstOrDefault(r => !r.Tls && r.Entries == secure.Entries && r.Concurrency == secure.Concurrency);
            if (plain is null)
            {
                continue;
            }

            foreach ((string transport, Summary tls) in secure.Transports)
            {
                if ((transport == "raftsdk" || LoadClients.PipelineDepth(transport) is not null) && plain.Transports.TryGetValue(transport, out Summary? clear))
                {
                    list.Add(new TlsRow(transport, secure.Entries, secure.Concurrency, clear.RequestsPerSecond.Median, tls.RequestsPerSecond.Median,
                        clear.RequestsPerSecond.Median / tls.RequestsPerSecond.Median, clear.CpuUs.Median, tls.CpuUs.Median));
                }
            }
        }

        return list;
    }

    private static string Markdown(List<CompareRow> rows, List<LoadResult> results, CompareSettings settings, MachineInfo machine, TimeSpan elapsed, bool stoppedEarly)
    {
        var text = new StringBuilder();
        CultureInfo inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"Machine: {machine.ProcessorCount} CPUs ({machine.Cpu}), {machine.Memory}, {machine.Runtime}, {machine.Os}, {machine.Gc} GC; {machine.Date}; load average {machine.LoadAverage}.");
        text.AppendLine(inv, $"Settings: {settings.Requests} measured calls per run after a warm-up of {settings.WarmupSeconds:0.#} s that goes on until the JIT of client and server is quiet (at most {settings.WarmupMaxSeconds:0.#} s); {settings.Reps} runs per configuration; for each K and C the runs alternate security modes ({string.Join(" ", settings.Security)}) and within each the transports ({string.Join(" ", settings.Transports)}), {settings.Reps} times; servers are child processes on 127.0.0.1; took {elapsed.TotalMinutes:F1} min{(stoppedEarly ? " (STOPPED EARLY at the time limit)" : string.Empty)}.");
        text.AppendLine("Figures are medians of the runs with [min–max] over the runs; every run is in the JSON. pipeN = RaftSdk pipelined, depth N per connection, ceil(C/N) connections. X-new = X with a new connection for every call (a client of its own per call, closed after it); its ratios are against raw-new and grpc-new.");
        text.AppendLine();
        text.AppendLine("Cost per call (the primary figure): CPU time of the client process + the server process per call, µs; then req/s, latency, bytes allocated per call, and the methods the JIT compiled during the measured calls (client / server, all runs):");
        text.AppendLine();
        text.AppendLine("| security | K | C | transport | CPU µs/call (client+server) | client CPU µs | server CPU µs | req/s | p50 µs | p99 µs | client B | server B | JIT |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (CompareRow r in rows)
        {
            foreach ((string name, Summary s) in r.Transports)
            {
                text.AppendLine(inv, $"| {Security(r.Tls)} | {r.Entries} | {r.Concurrency} | {name} | {s.CpuUs.Format("F1")} | {s.ClientCpuUs.Format("F1")} | {Maybe(s.ServerCpuUs)} | {s.RequestsPerSecond.Format("F0")} | {s.P50Us.Median:F0} | {s.P99Us.Format("F0")} | {s.ClientBytes:F0} | {(s.ServerBytes is double b ? b.ToString("F0", inv) : "n/a")} | {s.ClientJitMethods} / {(s.ServerJitMethods is long j ? j.ToString(inv) : "n/a")} |");
            }
        }

        text.AppendLine();
        text.AppendLine("Against raw (HttpClient + Kestrel, pre-encoded bytes) and gRPC in the same row (medians; \"beyond noise\" = the [min–max] ranges of the runs do not overlap). Targets: RaftSdk ≥ 0.85x raw req/s; pipelined at K=1, C=16 ≥ 2x raw and ≥ 1.5x gRPC req/s with p99 ≤ raw's; raftsdk-new: server CPU per call ≤ raw-new's:");
        text.AppendLine();
        text.AppendLine("| security | K | C | transport | req/s ÷ raw | req/s ÷ gRPC | CPU/call ÷ raw | CPU differs from raw beyond noise | p99 ÷ raw | targets |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (CompareRow r in rows)
        {
            foreach ((string name, Summary s) in r.Transports)
            {
                // A new-connection row is held against the new-connection rows of raw and gRPC.
                string suffix = LoadClients.NewConnectionBase(name) is null ? string.Empty : LoadClients.NewConnectionSuffix;
                if (name == "raw" + suffix || name == "grpc" + suffix)
                {
                    continue;
                }

                r.Transports.TryGetValue("raw" + suffix, out Summary? raw);
                r.Transports.TryGetValue("grpc" + suffix, out Summary? grpc);

                double? vsRaw = raw is null ? null : s.RequestsPerSecond.Median / raw.RequestsPerSecond.Median;
                double? vsGrpc = grpc is null ? null : s.RequestsPerSecond.Median / grpc.RequestsPerSecond.Median;
                double? cpuVsRaw = raw is null ? null : s.CpuUs.Median / raw.CpuUs.Median;
                double? p99VsRaw = raw is null ? null : s.P99Us.Median / raw.P99Us.Median;
                string noise = raw is null ? "n/a" : s.CpuUs.Overlaps(raw.CpuUs) ? "no" : (s.CpuUs.Median < raw.CpuUs.Median ? "yes, cheaper" : "yes, dearer");
                var targets = new List<string>();
                if (suffix.Length > 0)
                {
                    double? serverVsRaw = raw?.ServerCpuUs is Spread rawServer && s.ServerCpuUs is Spread ours ? ours.Median / rawServer.Median : null;
                    targets.Add("server CPU/call ≤ raw's " + Met(serverVsRaw, v => v <= 1) + " (" + Ratio(serverVsRaw) + ")");
                }
                else if (LoadClients.PipelineDepth(name) is null)
                {
                    targets.Add("≥0.85x raw " + Met(vsRaw, v => v >= 0.85));
                }
                else if (r.Entries == 1 && r.Concurrency == 16)
                {
                    targets.Add("≥2x raw " + Met(vsRaw, v => v >= 2));
                    targets.Add("≥1.5x gRPC " + Met(vsGrpc, v => v >= 1.5));
                    targets.Add("p99 ≤ raw " + Met(p99VsRaw, v => v <= 1));
                }

                text.AppendLine(inv, $"| {Security(r.Tls)} | {r.Entries} | {r.Concurrency} | {name} | {Ratio(vsRaw)} | {Ratio(vsGrpc)} | {Ratio(cpuVsRaw)} | {noise} | {Ratio(p99VsRaw)} | {(targets.Count == 0 ? "-" : string.Join(", ", targets))} |");
            }
        }

        List<TlsRow> tlsRows = TlsRows(rows);
        if (tlsRows.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Mutual TLS against plaintext, same transport, K and C (medians; targets: pipelined plain/TLS ≤ 1.3, RaftSdk at C=16 ≤ 1.5):");
            text.AppendLine();
            text.AppendLine("| transport | K | C | plain req/s | mTLS req/s | plain/mTLS | CPU µs/call plain / mTLS |");
            text.AppendLine("|---|---|---|---|---|---|---|");
            foreach (TlsRow t in tlsRows)
            {
                text.AppendLine(inv, $"| {t.Transport} | {t.Entries} | {t.Concurrency} | {t.PlainRequestsPerSecond:F0} | {t.TlsRequestsPerSecond:F0} | {t.PlainOverTls:F2} | {t.PlainCpuUs:F1} / {t.TlsCpuUs:F1} |");
            }
        }

        int failed = results.Count(r => r.Errors > 0);
        if (failed > 0)
        {
            text.AppendLine();
            text.AppendLine(inv, $"{failed} run(s) had errors and are left out of the tables; see the JSON.");
        }

        return text.ToString();

        static string Security(bool tls) => tls ? "mTLS" : "plain";
        static string Ratio(double? v) => v is double d ? d.ToString("F2", CultureInfo.InvariantCulture) + "x" : "n/a";
        static string Maybe(Spread? v) => v is null ? "n/a" : v.Format("F1");
        static string Met(double? v, Func<double, bool> test) => v is double d ? (test(d) ? "met" : "NOT met") : "n/a";
    }
}

internal sealed record CompareSettings(int Requests, double WarmupSeconds, double WarmupMaxSeconds, int Reps, int[] Entries, int[] Concurrency, string[] Security, string[] Transports, double MaxMinutes);

/// <summary>The median of some runs' values and their range.</summary>
internal sealed record Spread(double Median, double Min, double Max)
{
    public static Spread Of(IEnumerable<double> values)
    {
        double[] sorted = values.OrderBy(v => v).ToArray();
        int n = sorted.Length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        return new Spread(median, sorted[0], sorted[n - 1]);
    }

    public bool Overlaps(Spread other) => Min <= other.Max && other.Min <= Max;

    public string Format(string format) => string.Create(CultureInfo.InvariantCulture, $"{Median.ToString(format, CultureInfo.InvariantCulture)} [{Min.ToString(format, CultureInfo.InvariantCulture)}–{Max.ToString(format, CultureInfo.InvariantCulture)}]");
}

/// <summary>One transport's runs in one (security, K, C): medians and ranges; CpuUs is client + server CPU per call.</summary>
internal sealed record Summary(int Runs, Spread RequestsPerSecond, Spread CpuUs, Spread ClientCpuUs, Spread? ServerCpuUs, Spread P50Us, Spread P99Us, double MaxUs, double ClientBytes, double? ServerBytes, long ClientJitMethods, long? ServerJitMethods)
{
    public static Summary Of(LoadResult[] runs)
    {
        bool server = runs.All(r => r.ServerCpuUsPerRequest is not null);
        return new Summary(
            runs.Length,
            Spread.Of(runs.Select(r => r.RequestsPerSecond)),
            Spread.Of(runs.Select(r => r.ClientCpuUsPerRequest + (r.ServerCpuUsPerRequest ?? 0))),
            Spread.Of(runs.Select(r => r.ClientCpuUsPerRequest)),
            server ? Spread.Of(runs.Select(r => r.ServerCpuUsPerRequest!.Value)) : null,
            Spread.Of(runs.Select(r => r.P50Us)),
            Spread.Of(runs.Select(r => r.P99Us)),
            runs.Max(r => r.MaxUs),
            Spread.Of(runs.Select(r => r.ClientBytesPerRequest)).Median,
            runs.All(r => r.ServerBytesPerRequest is not null) ? Spread.Of(runs.Select(r => r.ServerBytesPerRequest!.Value)).Median : null,
            runs.Sum(r => r.ClientJitMethods),
            runs.All(r => r.ServerJitMethods is not null) ? runs.Sum(r => r.ServerJitMethods!.Value) : null);
    }
}

internal sealed record CompareRow(bool Tls, int Entries, int Concurrency, Dictionary<string, Summary> Transports);

internal sealed record TlsRow(string Transport, int Entries, int Concurrency, double PlainRequestsPerSecond, double TlsRequestsPerSecond, double PlainOverTls, double PlainCpuUs, double TlsCpuUs);

internal sealed record CompareReport(MachineInfo Machine, CompareSettings Settings, double Seconds, bool StoppedEarly, List<CompareRow> Rows, List<TlsRow> MutualTlsVersusPlain, List<LoadResult> Runs);
