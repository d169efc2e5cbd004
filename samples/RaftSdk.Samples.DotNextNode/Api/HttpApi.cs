using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using DotNext.Net.Cluster;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using RaftSdk.Samples.DotNextNode.Diagnostics;
using RaftSdk.Samples.DotNextNode.StateMachine;
using RaftSdk.Samples.DotNextNode.Transports;

namespace RaftSdk.Samples.DotNextNode.Api;

/// <summary>
/// The changeagent node's HTTP API on DotNext: <c>PUT /kv/{key}?client=&amp;seq=</c> (body: the
/// value), <c>GET /kv/{key}</c>, <c>GET /kv</c>, <c>GET /status</c>, <c>GET /log?from=&amp;count=</c>.
/// A write without <c>client</c> gets a client of its own (applied once, but a retry of it is a new write).
/// <c>GET /phases</c> says where the leader's write time went (<see cref="WritePhases"/>), <c>DELETE /phases</c> starts it afresh.
/// </summary>
internal static class HttpApi
{
    private const int MaxValueBytes = 64 * 1024;
    private const int MaxLogPage = 10_000;

    public static void Map(WebApplication app, ulong id, Func<IRaftCluster?> cluster, WriteAheadLog log, KvStateMachine state, KvWrites writes, WritePhases phases, Func<string, ulong> idOf)
    {
        app.MapGet("/status", async () =>
        {
            IRaftCluster? member = cluster();
            long lastIndex = log.LastEntryIndex;
            ulong lastTerm = lastIndex == 0 ? 0 : await TermOfAsync(log, lastIndex);
            IClusterMember? leader = member?.Leader;
            var status = new NodeStatus(
                id,
                leader is { IsRemote: false } ? "Leader" : "Follower",
                (ulong)((IPersistentState)log).Term,
                leader is null ? 0 : idOf(MemberAddress.Format(leader.EndPoint)),
                (ulong)log.LastCommittedEntryIndex,
                (ulong)log.LastAppliedIndex,
                (ulong)lastIndex,
                lastTerm,
                state.Keys);
            return Results.Json(status, ApiJson.Default.NodeStatus);
        });

        app.MapPut("/kv/{key}", async (string key, HttpRequest request) =>
        {
            if (request.ContentLength > MaxValueBytes)
            {
                return KvWrites.Error(StatusCodes.Status413PayloadTooLarge, $"A value may have at most {MaxValueBytes} bytes.");
            }

            string value = await ReadValueAsync(request);
            if (Encoding.UTF8.GetByteCount(value) > MaxValueBytes)
            {
                return KvWrites.Error(StatusCodes.Status413PayloadTooLarge, $"A value may have at most {MaxValueBytes} bytes.");
            }

            string? client = request.Query["client"];
            string? seqText = request.Query["seq"];
            ulong seq = 1;
            if (string.IsNullOrEmpty(client) != string.IsNullOrEmpty(seqText)
                || (!string.IsNullOrEmpty(seqText) && !ulong.TryParse(seqText, NumberStyles.None, CultureInfo.InvariantCulture, out seq)))
            {
                return KvWrites.Error(StatusCodes.Status400BadRequest, "client and seq go together: client is any text, seq a non-negative integer; nothing was written.");
            }

            return await writes.WriteAsync(key, value, string.IsNullOrEmpty(client) ? Guid.NewGuid().ToString("N") : client, seq, request.HttpContext.RequestAborted);
        });

        app.MapGet("/kv/{key}", (string key) =>
            state.Read(key) is { } value
                ? Results.Text(value, "text/plain; charset=utf-8")
                : KvWrites.Error(StatusCodes.Status404NotFound, $"No value for '{key}' has been applied on this node."));

        app.MapGet("/phases", () => Results.Json(phases.Report(), ApiJson.Default.PhasesReport));

        app.MapDelete("/phases", () =>
        {
            phases.Reset();
            return Results.NoContent();
        });

        app.MapGet("/kv", () => Results.Json(state.ReadAll(), ApiJson.Default.DictionaryStringString));

        app.MapGet("/log", async (HttpRequest request) =>
        {
            if (!TryParseQuery(request, "from", 1, out ulong from) || !TryParseQuery(request, "count", 1000, out ulong count) || from == 0 || count == 0)
            {
                return KvWrites.Error(StatusCodes.Status400BadRequest, "from and count must be positive integers (from is a log index, 1 is the first).");
            }

            // Committed entries not applied yet are applied before they are shown, so the page covers the commit index.
            long upTo = Math.Min((long)Math.Min(from + count - 1, long.MaxValue), log.LastCommittedEntryIndex);
            if (upTo > log.LastAppliedIndex)
            {
                await log.WaitForApplyAsync(upTo, request.HttpContext.RequestAborted);
            }

            return Results.Json(await ReadLogAsync(log, state, (long)from, Math.Min(upTo, (long)from + MaxLogPage - 1), request.HttpContext.RequestAborted), ApiJson.Default.ListAppliedEntry);
        });
    }

    // Entries the write-ahead log still holds come from it; where a snapshot replaced them, from
    // the state machine's history.
    private static async Task<List<AppliedEntry>> ReadLogAsync(WriteAheadLog log, KvStateMachine state, long from, long to, System.Threading.CancellationToken cancellationToken)
    {
        var page = new List<AppliedEntry>();
        if (to < from)
        {
            return page;
        }

        using WriteAheadLog.LogEntryReader entries = await log.ReadAsync(from, to, cancellationToken);
        foreach (LogEntry entry in entries)
        {
            if (entry.IsSnapshot)
            {
                page.AddRange(state.ReadHistory(from, Math.Min(entry.Index, to)));
            }
            else if (entry.Index >= from)
            {
                page.Add(KvStateMachine.Describe(entry));
            }
        }

        return page;
    }

    private static async Task<ulong> TermOfAsync(WriteAheadLog log, long index)
    {
        using WriteAheadLog.LogEntryReader entries = await log.ReadAsync(index, index);
        return entries.Count == 0 ? 0 : (ulong)entries[^1].Term;
    }

    private static async Task<string> ReadValueAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        char[] buffer = new char[MaxValueBytes + 1];
        int read = await reader.ReadBlockAsync(buffer);
        return new string(buffer, 0, read);
    }

    private static bool TryParseQuery(HttpRequest request, string name, ulong fallback, out ulong value)
    {
        string? text = request.Query[name];
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
