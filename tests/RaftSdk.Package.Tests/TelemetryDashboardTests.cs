using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace RaftSdk.Package.Tests;

/// <summary>
/// The Grafana dashboard shipped with the telemetry sample asks only for metrics, and groups only
/// by labels, that the sample really exports: the sample runs as a process with <c>--serve --load</c>
/// and its Prometheus endpoint is scraped.
/// </summary>
public sealed partial class TelemetryDashboardTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly ITestOutputHelper _output;

    public TelemetryDashboardTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Every_dashboard_query_names_metrics_and_labels_the_sample_exports()
    {
        string sample = Metadata("RaftSdk.TelemetrySampleDirectory");
        IReadOnlyList<string> queries = DashboardQueries(Path.Combine(sample, "grafana", "raftsdk.json"));
        Assert.Equal(15, queries.Count); // 14 panel queries and the job variable's
        Dictionary<string, HashSet<string>> wanted = Wanted(queries);
        Assert.Equal(
            new[]
            {
                "raftsdk_client_active_calls", "raftsdk_client_failures_total", "raftsdk_server_active_calls", "raftsdk_server_failures_total",
                "rpc_client_call_duration_seconds_bucket", "rpc_client_call_duration_seconds_count",
                "rpc_client_request_size_bytes_count", "rpc_client_request_size_bytes_sum", "rpc_client_response_size_bytes_count", "rpc_client_response_size_bytes_sum",
                "rpc_server_call_duration_seconds_bucket", "rpc_server_call_duration_seconds_count",
                "rpc_server_request_size_bytes_count", "rpc_server_request_size_bytes_sum", "rpc_server_response_size_bytes_count", "rpc_server_response_size_bytes_sum",
            },
            wanted.Keys.OrderBy(k => k, StringComparer.Ordinal));

        var log = new StringBuilder();
        (Process process, Uri metrics) = await StartSampleAsync(sample, log);
        Dictionary<string, HashSet<string>> exported;
        try
        {
            exported = await ScrapeUntilAsync(metrics, wanted);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
            lock (log)
            {
                _output.WriteLine(log.Length > 4000 ? log.ToString(0, 4000) + "..." : log.ToString());
            }
        }

        foreach ((string metric, HashSet<string> labels) in wanted)
        {
            Assert.True(exported.ContainsKey(metric), $"The dashboard asks for {metric}, which the sample does not export.");
            Assert.Empty(labels.Except(exported[metric]));
        }
    }

    /// <summary>Every Prometheus query of the dashboard: panel targets and query variables.</summary>
    private static List<string> DashboardQueries(string path)
    {
        using JsonDocument dashboard = JsonDocument.Parse(File.ReadAllText(path));
        var queries = new List<string>();
        foreach (JsonElement panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
        {
            queries.AddRange(panel.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!));
        }

        queries.AddRange(dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Where(v => v.GetProperty("type").GetString() == "query")
            .Select(v => v.GetProperty("query").GetString()!));
        return queries;
    }

    /// <summary>Metric name to the labels a query groups it by (<c>le</c> is the exporter's own).</summary>
    private static Dictionary<string, HashSet<string>> Wanted(IEnumerable<string> queries)
    {
        var wanted = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (string query in queries)
        {
            string[] metrics = MetricInQuery().Matches(query).Select(m => m.Groups["name"].Value).Where(n => n != "by").ToArray();
            Assert.True(metrics.Length > 0, $"No metric in the dashboard query {query}");
            string[] labels = GroupedBy().Matches(query).SelectMany(m => m.Groups["labels"].Value.Split(',', StringSplitOptions.TrimEntries)).Where(l => l != "le").ToArray();
            foreach (string metric in metrics)
            {
                if (!wanted.TryGetValue(metric, out HashSet<string>? set))
                {
                    wanted[metric] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.UnionWith(labels);
            }
        }

        return wanted;
    }

    /// <summary>
    /// Starts the sample and returns its metrics address, from the line
    /// "node listening on ...; health on http://127.0.0.1:PORT/healthz; metrics on http://127.0.0.1:PORT/metrics".
    /// Everything it prints goes to <paramref name="log"/> (never to the test output, which ends with the test).
    /// </summary>
    private static async Task<(Process Process, Uri Metrics)> StartSampleAsync(string directory, StringBuilder log)
    {
        var start = new ProcessStartInfo(DotNet.HostPath)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(directory, "RaftSdk.Samples.Telemetry.dll"));
        start.ArgumentList.Add("--serve");
        start.ArgumentList.Add("--load");
        // The sample's own 5 s is short for a machine busy with a whole test run; its first calls must not fail.
        start.ArgumentList.Add("--RaftSdk:RequestTimeout=00:01:00");

        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                address.TrySetException(new Xunit.Sdk.XunitException("The telemetry sample exited before printing its metrics address."));
                return;
            }

            Append(log, e.Data);
            Match match = MetricsAddress().Match(e.Data);
            if (match.Success)
            {
                address.TrySetResult(new Uri(match.Groups["url"].Value));
            }
        };
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return (process, await address.Task.WaitAsync(Deadline));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
            throw;
        }
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    /// <summary>Scrapes until every wanted metric is there (the load makes them all within seconds) or the deadline.</summary>
    private async Task<Dictionary<string, HashSet<string>>> ScrapeUntilAsync(Uri metrics, Dictionary<string, HashSet<string>> wanted)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var stopwatch = Stopwatch.StartNew();
        Dictionary<string, HashSet<string>> exported;
        string text;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            text = await client.GetStringAsync(metrics);
            exported = Parse(text);
        }
        while (!wanted.Keys.All(exported.ContainsKey) && stopwatch.Elapsed < Deadline);

        _output.WriteLine($"scraped {metrics} after {stopwatch.Elapsed.TotalSeconds:F1} s: {string.Join(", ", exported.Keys.Order(StringComparer.Ordinal))}");
        return exported;
    }

    /// <summary>Prometheus text format: metric name to the label names seen on its samples.</summary>
    private static Dictionary<string, HashSet<string>> Parse(string text)
    {
        var exported = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n'))
        {
            Match sample = SampleLine().Match(line);
            if (!sample.Success)
            {
                continue;
            }

            if (!exported.TryGetValue(sample.Groups["name"].Value, out HashSet<string>? labels))
            {
                exported[sample.Groups["name"].Value] = labels = new HashSet<string>(StringComparer.Ordinal);
            }

            labels.UnionWith(LabelName().Matches(sample.Groups["labels"].Value).Select(m => m.Groups["label"].Value));
        }

        return exported;
    }

    private static string Metadata(string key) =>
        typeof(TelemetryDashboardTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    [GeneratedRegex(@"(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\{|label_values\((?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)")]
    private static partial Regex MetricInQuery();

    [GeneratedRegex(@"\bby \((?<labels>[^)]*)\)")]
    private static partial Regex GroupedBy();

    [GeneratedRegex(@"metrics on (?<url>http://\S+/metrics)")]
    private static partial Regex MetricsAddress();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? \S+")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<label>[a-zA-Z_][a-zA-Z0-9_]*)=""")]
    private static partial Regex LabelName();
}
