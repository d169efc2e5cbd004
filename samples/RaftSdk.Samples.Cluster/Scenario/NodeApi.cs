using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.Samples.Cluster.Scenario;

/// <summary>The node's HTTP API, as the launcher uses it (see the node's HttpApi).</summary>
public sealed class NodeApi : IDisposable
{
    private readonly HttpClient _http;

    public NodeApi(TimeSpan timeout)
    {
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 64 })
        {
            Timeout = timeout,
        };
    }

    public async Task<NodeStatusView?> TryStatusAsync(int httpPort, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.GetFromJsonAsync($"http://127.0.0.1:{httpPort}/status", LauncherJson.Default.NodeStatusView, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.IO.IOException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            return null; // down, starting or too slow: the caller asks again
        }
    }

    /// <summary>
    /// One attempt at a write of <paramref name="client"/>'s write number <paramref name="seq"/>
    /// (<c>PUT /kv/{key}?client=&amp;seq=</c>: a retry with the same seq is applied once); the
    /// committed index and whether it was a retry of a write applied before, or null with the reason.
    /// </summary>
    public async Task<(WriteResultView? Result, string? Error)> TryWriteAsync(int httpPort, string key, string value, string client, ulong seq, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new StringContent(value, Encoding.UTF8, "text/plain");
            string uri = $"http://127.0.0.1:{httpPort}/kv/{Uri.EscapeDataString(key)}?client={Uri.EscapeDataString(client)}&seq={seq}";
            using HttpResponseMessage response = await _http.PutAsync(uri, content, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                WriteResultView? result = await response.Content.ReadFromJsonAsync(LauncherJson.Default.WriteResultView, cancellationToken).ConfigureAwait(false);
                return (result, result is null ? "empty answer" : null);
            }

            return (null, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.IO.IOException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            return (null, exception.Message);
        }
    }

    /// <summary>The DotNext node's <c>GET /phases</c> (where its writes' time went while it led), or null when it does not answer.</summary>
    public async Task<PhasesView?> TryPhasesAsync(int httpPort, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.GetFromJsonAsync($"http://127.0.0.1:{httpPort}/phases", LauncherJson.Default.PhasesView, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.IO.IOException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            return null; // the figures are extra: a node that cannot give them fails no check
        }
    }

    /// <summary>The DotNext node's <c>DELETE /phases</c>: its phase figures start afresh; false when it does not answer.</summary>
    public async Task<bool> TryResetPhasesAsync(int httpPort, CancellationToken cancellationToken)
    {
        try
        {
            using HttpResponseMessage response = await _http.DeleteAsync($"http://127.0.0.1:{httpPort}/phases", cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.IO.IOException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async Task<Dictionary<string, string>> ReadAllAsync(int httpPort, CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync($"http://127.0.0.1:{httpPort}/kv", LauncherJson.Default.DictionaryStringString, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException($"Node on {httpPort} answered GET /kv with nothing.");

    /// <summary>The entries from 1 to <paramref name="upTo"/>, a page at a time.</summary>
    public async Task<List<LogEntryView>> ReadLogAsync(int httpPort, ulong upTo, CancellationToken cancellationToken)
    {
        var entries = new List<LogEntryView>();
        const int Page = 5000;
        while ((ulong)entries.Count < upTo)
        {
            ulong from = (ulong)entries.Count + 1;
            ulong count = Math.Min(Page, upTo - (ulong)entries.Count);
            List<LogEntryView> page = await _http.GetFromJsonAsync($"http://127.0.0.1:{httpPort}/log?from={from}&count={count}", LauncherJson.Default.ListLogEntryView, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Node on {httpPort} answered GET /log with nothing.");
            if (page.Count == 0)
            {
                break;
            }

            entries.AddRange(page);
        }

        return entries;
    }

    public void Dispose() => _http.Dispose();
}

public sealed record NodeStatusView(ulong Id, string Role, ulong Term, ulong Leader, ulong CommitIndex, ulong LastApplied, ulong LastIndex, ulong LastTerm, int Keys)
{
    public bool IsLeader => Role == "Leader";
}

/// <summary>A write's answer: <c>{"index":N}</c>, or <c>{"index":N,"duplicate":true}</c> for a retry of a write applied before at N.</summary>
public sealed record WriteResultView(ulong Index, bool Duplicate);

/// <summary>An entry of <c>GET /log</c>; <c>client</c> and <c>seq</c> are null (or absent) for a write without them and for a no-op.</summary>
public sealed record LogEntryView(ulong Index, ulong Term, int Type, string Key, string Value, string? Client = null, ulong? Seq = null);

/// <summary>Count, median, 99th percentile and mean of one phase of the DotNext node, in milliseconds.</summary>
public sealed record PhaseSummaryView(int Count, double P50, double P99, double Mean);

/// <summary>
/// The DotNext node's <c>GET /phases</c>: <c>replicate</c>, its writes as leader from
/// <c>ReplicateAsync</c> to applied; <c>round</c>, DotNext's replication rounds (AppendEntries to
/// the followers until a majority answered, heartbeats included); <c>append</c>, one AppendEntries
/// call as the leader's client times it.
/// </summary>
public sealed record PhasesView(PhaseSummaryView Replicate, PhaseSummaryView Round, PhaseSummaryView Append)
{
    public string Describe() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"leader: replicate-to-applied p50 {Replicate.P50:0.0} ms, p99 {Replicate.P99:0.0} ms over {Replicate.Count} write(s); replication round p50 {Round.P50:0.0} ms, p99 {Round.P99:0.0} ms over {Round.Count} round(s); AppendEntries call p50 {Append.P50:0.0} ms, p99 {Append.P99:0.0} ms over {Append.Count} call(s)");
}

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(NodeStatusView))]
[JsonSerializable(typeof(WriteResultView))]
[JsonSerializable(typeof(PhasesView))]
[JsonSerializable(typeof(List<LogEntryView>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class LauncherJson : JsonSerializerContext;
