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
/// <c>compare</c>: one invocation runs the bench workload over RaftSdk, grpc-dotnet unary and the
/// raw ceiling for every (security, K, C), alternating the transports (A B C A B C), each server
/// a <c>serve</c> child process on 127.0.0.1; prints the ratio table and writes it as JSON.
/// </summary>
internal static class CompareCommand
{
    private static readonly string[] AllTransports = { "raftsdk", "grpc", "raw" };

    public static async Task<int> RunAsync(CommandLine args)
    {
        int requests = args.Int("requests", 20_000);
        double warmup = args.Double("warmup-seconds", 3);
        double warmupMax = args.Double("warmup-max-seconds", 30);
        int reps = args.Int("reps", 3);
        int[] entries = args.Ints("entries", new[] { 0, 1, 64 });
        int[] concurrency = args.Ints("concurrency", new[] { 1, 16 });
        string[] security = args.Texts("security", new[] { "plain", "tls" });
        string[] transports = args.Texts("transports", AllTransports);
        string output = args.Text("out", "compare-results.json");
        double maxMinutes = args.Double("max-minutes", 30);
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
        List<RatioRow> rows = Aggregate(results, settings);
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
                    servers[(transport, tls)] = await ServerProcess.StartAsync(transport, tls ? pki : null, (settings.MaxMinutes * 60) + 300);
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

                                ServerProcess server = servers[(transport, tls)];
                                using var stats = new ServerStatsClient(server.Control);
                                using ILoadClient client = LoadClients.Create(transport, server.Target, workload, tls ? credentials : null);
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

    private static List<RatioRow> Aggregate(List<LoadResult> results, CompareSettings settings)
    {
        var rows = new List<RatioRow>();
        foreach (var group in results.Where(r => r.Errors == 0).GroupBy(r => (r.Tls, r.Entries, r.Concurrency)))
        {
            Summary? Of(string transport)
            {
                LoadResult[] runs = group.Where(r => r.Transport == transport).ToArray();
                return runs.Length == 0 ? null : Summary.Of(runs);
            }

            Summary? sdk = Of("raftsdk");
            Summary? grpc = Of("grpc");
            Summary? raw = Of("raw");
            rows.Add(new RatioRow(
                group.Key.Tls,
                group.Key.Entries,
                group.Key.Concurrency,
                sdk,
                grpc,
                raw,
                sdk is not null && grpc is not null ? sdk.RequestsPerSecond / grpc.RequestsPerSecond : null,
                sdk is not null && raw is not null ? sdk.RequestsPerSecond / raw.RequestsPerSecond : null,
                sdk is not null && grpc is not null ? sdk.P99Us <= grpc.P99Us : null));
        }

        return rows.OrderBy(r => r.Tls).ThenBy(r => r.Entries).ThenBy(r => r.Concurrency).ToList();
    }

    private static List<TlsRow> TlsRows(List<RatioRow> rows)
    {
        var list = new List<TlsRow>();
        foreach (RatioRow secure in rows.Where(r => r.Tls && r.RaftSdk is not null))
        {
            RatioRow? plain = rows.FirstOrDefault(r => !r.Tls && r.Entries == secure.Entries && r.Concurrency == secure.Concurrency && r.RaftSdk is not null);
            if (plain is not null)
            {
                list.Add(new TlsRow(secure.Entries, secure.Concurrency, plain.RaftSdk!.RequestsPerSecond, secure.RaftSdk!.RequestsPerSecond,
                    plain.RaftSdk.RequestsPerSecond / secure.RaftSdk.RequestsPerSecond));
            }
        }

        return list;
    }

    private static string Markdown(List<RatioRow> rows, List<LoadResult> results, CompareSettings settings, MachineInfo machine, TimeSpan elapsed, bool stoppedEarly)
    {
        var text = new StringBuilder();
        CultureInfo inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"Machine: {machine.ProcessorCount} CPUs ({machine.Cpu}), {machine.Memory}, {machine.Runtime}, {machine.Os}, {machine.Gc} GC; {machine.Date}; load average {machine.LoadAverage}.");
        text.AppendLine(inv, $"Settings: {settings.Requests} measured calls per run after a warm-up of {settings.WarmupSeconds:0.#} s that goes on until the JIT of client and server is quiet (at most {settings.WarmupMaxSeconds:0.#} s); {settings.Reps} runs per configuration; for each K and C the runs alternate security modes ({string.Join(" ", settings.Security)}) and within each the transports ({string.Join(" ", settings.Transports)}), {settings.Reps} times; servers are child processes on 127.0.0.1; took {elapsed.TotalMinutes:F1} min{(stoppedEarly ? " (STOPPED EARLY at the time limit)" : string.Empty)}.");
        text.AppendLine("Figures are the mean of the runs; req/s per run are listed in the JSON.");
        text.AppendLine();
        text.AppendLine("| security | K | C | RaftSdk req/s | gRPC req/s | raw req/s | RaftSdk/gRPC | RaftSdk/raw | p99 µs RaftSdk / gRPC / raw | targets (≥1.3x gRPC, ≥0.85x raw, p99 ≤ gRPC) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (RatioRow r in rows)
        {
            string targets = string.Join(", ", new[]
            {
                r.VersusGrpc is double g ? (g >= 1.3 ? "met" : "NOT met") : "n/a",
                r.VersusRaw is double w ? (w >= 0.85 ? "met" : "NOT met") : "n/a",
                r.P99NoWorseThanGrpc is bool p ? (p ? "met" : "NOT met") : "n/a",
            });
            text.AppendLine(inv, $"| {(r.Tls ? "mTLS" : "plain")} | {r.Entries} | {r.Concurrency} | {Rate(r.RaftSdk)} | {Rate(r.Grpc)} | {Rate(r.Raw)} | {Ratio(r.VersusGrpc)} | {Ratio(r.VersusRaw)} | {P99(r.RaftSdk)} / {P99(r.Grpc)} / {P99(r.Raw)} | {targets} |");
        }

        List<TlsRow> tlsRows = TlsRows(rows);
        if (tlsRows.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("RaftSdk, mutual TLS against plaintext at the same K and C (target at C=16: plaintext/TLS ≤ 1.5):");
            text.AppendLine();
            text.AppendLine("| K | C | plain req/s | mTLS req/s | plain/mTLS |");
            text.AppendLine("|---|---|---|---|---|");
            foreach (TlsRow t in tlsRows)
            {
                text.AppendLine(inv, $"| {t.Entries} | {t.Concurrency} | {t.PlainRequestsPerSecond:F0} | {t.TlsRequestsPerSecond:F0} | {t.PlainOverTls:F2} |");
            }
        }

        text.AppendLine();
        text.AppendLine("Per transport (mean of runs): CPU µs and bytes allocated per request, client process and server process; JIT: methods compiled during the measured calls, client / server, all runs (more than a few means tier-up was still running and its CPU is in the figures):");
        text.AppendLine();
        text.AppendLine("| security | K | C | transport | req/s | p50 µs | p99 µs | max µs | client CPU µs | client B | server CPU µs | server B | JIT |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (RatioRow r in rows)
        {
            foreach ((string name, Summary? s) in new[] { ("RaftSdk", r.RaftSdk), ("gRPC", r.Grpc), ("raw", r.Raw) })
            {
                if (s is null)
                {
                    continue;
                }

                text.AppendLine(inv, $"| {(r.Tls ? "mTLS" : "plain")} | {r.Entries} | {r.Concurrency} | {name} | {s.RequestsPerSecond:F0} | {s.P50Us:F0} | {s.P99Us:F0} | {s.MaxUs:F0} | {s.ClientCpuUs:F1} | {s.ClientBytes:F0} | {Maybe(s.ServerCpuUs, "F1")} | {Maybe(s.ServerBytes, "F0")} | {s.ClientJitMethods} / {(s.ServerJitMethods is long j ? j.ToString(inv) : "n/a")} |");
            }
        }

        int failed = results.Count(r => r.Errors > 0);
        if (failed > 0)
        {
            text.AppendLine();
            text.AppendLine(inv, $"{failed} run(s) had errors and are left out of the tables; see the JSON.");
        }

        return text.ToString();

        static string Rate(Summary? s) => s is null ? "n/a" : s.RequestsPerSecond.ToString("F0", CultureInfo.InvariantCulture);
        static string P99(Summary? s) => s is null ? "n/a" : s.P99Us.ToString("F0", CultureInfo.InvariantCulture);
        static string Ratio(double? v) => v is double d ? d.ToString("F2", CultureInfo.InvariantCulture) + "x" : "n/a";
        static string Maybe(double? v, string format) => v is double d ? d.ToString(format, CultureInfo.InvariantCulture) : "n/a";
    }
}

internal sealed record CompareSettings(int Requests, double WarmupSeconds, double WarmupMaxSeconds, int Reps, int[] Entries, int[] Concurrency, string[] Security, string[] Transports, double MaxMinutes);

internal sealed record Summary(int Runs, double RequestsPerSecond, double[] RunRequestsPerSecond, double P50Us, double P99Us, double MaxUs, double ClientCpuUs, double ClientBytes, double? ServerCpuUs, double? ServerBytes, long ClientJitMethods, long? ServerJitMethods)
{
    public static Summary Of(LoadResult[] runs) => new(
        runs.Length,
        runs.Average(r => r.RequestsPerSecond),
        runs.Select(r => Math.Round(r.RequestsPerSecond)).ToArray(),
        runs.Average(r => r.P50Us),
        runs.Average(r => r.P99Us),
        runs.Max(r => r.MaxUs),
        runs.Average(r => r.ClientCpuUsPerRequest),
        runs.Average(r => r.ClientBytesPerRequest),
        runs.All(r => r.ServerCpuUsPerRequest is not null) ? runs.Average(r => r.ServerCpuUsPerRequest!.Value) : null,
        runs.All(r => r.ServerBytesPerRequest is not null) ? runs.Average(r => r.ServerBytesPerRequest!.Value) : null,
        runs.Sum(r => r.ClientJitMethods),
        runs.All(r => r.ServerJitMethods is not null) ? runs.Sum(r => r.ServerJitMethods!.Value) : null);
}

internal sealed record RatioRow(bool Tls, int Entries, int Concurrency, Summary? RaftSdk, Summary? Grpc, Summary? Raw, double? VersusGrpc, double? VersusRaw, bool? P99NoWorseThanGrpc);

internal sealed record TlsRow(int Entries, int Concurrency, double PlainRequestsPerSecond, double TlsRequestsPerSecond, double PlainOverTls);

internal sealed record CompareReport(MachineInfo Machine, CompareSettings Settings, double Seconds, bool StoppedEarly, List<RatioRow> Rows, List<TlsRow> MutualTlsVersusPlain, List<LoadResult> Runs);
