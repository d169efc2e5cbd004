using System;
using System.Globalization;
using System.Text.Json;
using System.Threading.Tasks;
using RaftSdk.Tls;

namespace RaftSdk.Benchmarks.Load;

/// <summary>
/// <c>load</c>: drives a changeagent-compatible server (any, by address) with the bench workload
/// and reports requests/s, p50/p99/max latency, client CPU and allocation per request, and the
/// server's when <c>--server-control</c> names the control port of a <c>serve</c> process.
/// </summary>
internal static class LoadCommand
{
    public static async Task<int> RunAsync(CommandLine args)
    {
        string target = args.Text("target") ?? throw new UsageException("load needs --target host:port.");
        string kind = args.Text("kind", "raftsdk");
        var settings = new LoadSettings(
            args.Int("entries", 1),
            args.Int("concurrency", 1),
            args.Int("requests", 20_000),
            args.Double("warmup-seconds", 3),
            args.Double("warmup-max-seconds", 30));
        string? tlsDirectory = args.Text("tls");
        string? key = args.Text("key");
        string? cert = args.Text("cert");
        string? ca = args.Text("ca");
        string? control = args.Text("server-control");
        bool json = args.Has("json");
        args.EnsureAllRead();

        RaftTlsCredentials? tls = null;
        if (tlsDirectory is not null)
        {
            tls = BenchPki.ClientFiles(tlsDirectory).LoadCredentials();
        }
        else if (key is not null || cert is not null || ca is not null)
        {
            tls = RaftTlsCredentials.Load(key ?? string.Empty, cert ?? string.Empty, ca ?? string.Empty);
        }

        using (tls)
        using (ServerStatsClient? server = control is null ? null : new ServerStatsClient(control))
        using (ILoadClient client = LoadClients.Create(kind, target, new Workload(settings.Entries), tls, settings.Concurrency))
        {
            LoadResult result = await LoadRunner.RunAsync(kind, tls is not null, client, settings, server);
            Console.WriteLine(json ? JsonSerializer.Serialize(result, Report.JsonOptions) : Describe(result));
            return result.Errors == 0 ? 0 : 1;
        }
    }

    public static string Describe(LoadResult r) => string.Create(
        CultureInfo.InvariantCulture,
        $"{r.Transport,-8} {(r.Tls ? "mTLS " : "plain")} K={r.Entries,-3} C={r.Concurrency,-3} {r.RequestsPerSecond,9:F0} req/s  p50 {r.P50Us,7:F0} us  p99 {r.P99Us,7:F0} us  max {r.MaxUs,8:F0} us  "
        + $"client {r.ClientCpuUsPerRequest,6:F1} us CPU {r.ClientBytesPerRequest,7:F0} B/req {r.ClientWorkItemsPerRequest,4:F1} pool items/req  "
        + $"server {Format(r.ServerCpuUsPerRequest, "F1")} us CPU {Format(r.ServerBytesPerRequest, "F0")} B/req  "
        + $"JIT in the measured calls: client {r.ClientJitMethods} methods {r.ClientJitMilliseconds:F0} ms, server {Format(r.ServerJitMethods, "D")} methods {Format(r.ServerJitMilliseconds, "F0")} ms  "
        + $"(warm-up {r.WarmupSeconds:0.#} s = {r.WarmupRequests} calls{(r.WarmupJitQuiet ? string.Empty : ", JIT still busy at its end")}; {r.Requests} measured; errors {r.Errors}{(r.FirstError is null ? string.Empty : ": " + r.FirstError)})");

    private static string Format(double? value, string format) => value is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string Format(long? value, string format) => value is long v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
