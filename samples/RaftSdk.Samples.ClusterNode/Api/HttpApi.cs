using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using RaftSdk.ChangeAgent;
using RaftSdk.Samples.ClusterNode.Consensus;
using RaftSdk.Samples.ClusterNode.StateMachine;

namespace RaftSdk.Samples.ClusterNode.Api;

/// <summary>
/// The HTTP API for people, on its own loopback port:
/// <c>PUT /kv/{key}?client={id}&amp;seq={n}</c> (body: the value) writes through any node, once per
/// client and seq (both optional, together: without them a retried write may be applied twice),
/// <c>GET /kv/{key}</c> reads this node's applied value, <c>GET /kv</c> all of them,
/// <c>GET /status</c> tells role, term, leader and indexes, <c>GET /log?from=1&amp;count=100</c> shows entries.
/// </summary>
internal static class HttpApi
{
    private const int MaxValueBytes = 64 * 1024;
    private const int MaxLogPage = 10_000;

    public static void Map(WebApplication app, RaftNode node, ClientWrites writes)
    {
        app.MapGet("/status", async () => Results.Json(await node.GetStatusAsync(), ApiJson.Default.NodeStatus));

        app.MapPut("/kv/{key}", async (string key, HttpRequest request) =>
        {
            if (request.ContentLength > MaxValueBytes)
            {
                return Error(StatusCodes.Status413PayloadTooLarge, $"A value may have at most {MaxValueBytes} bytes.");
            }

            string value = await ReadValueAsync(request).ConfigureAwait(false);
            if (Encoding.UTF8.GetByteCount(value) > MaxValueBytes)
            {
                return Error(StatusCodes.Status413PayloadTooLarge, $"A value may have at most {MaxValueBytes} bytes.");
            }

            (ClientSession? session, string? refused) = ParseSession(request);
            if (refused is not null)
            {
                return Error(StatusCodes.Status400BadRequest, refused);
            }

            WriteOutcome outcome = await writes.WriteAsync(key, value, session, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return outcome.Error is null
                ? Results.Json(new WriteResult(outcome.Index, outcome.Duplicate), ApiJson.Default.WriteResult)
                : Error(outcome.StatusCode, outcome.Error);
        });

        app.MapGet("/kv/{key}", async (string key) =>
            await node.ReadValueAsync(key) is { } value
                ? Results.Text(value, "text/plain; charset=utf-8")
                : Error(StatusCodes.Status404NotFound, $"No value for '{key}' has been applied on this node."));

        app.MapGet("/kv", async () => Results.Json(await node.ReadAllAsync(), ApiJson.Default.DictionaryStringString));

        app.MapGet("/log", async (HttpRequest request) =>
        {
            if (!TryParseQuery(request, "from", 1, out ulong from) || !TryParseQuery(request, "count", 1000, out ulong count) || from == 0 || count == 0)
            {
                return Error(StatusCodes.Status400BadRequest, "from and count must be positive integers (from is a log index, 1 is the first).");
            }

            IReadOnlyList<Entry> entries = await node.ReadLogAsync(from, (int)Math.Min(count, MaxLogPage));
            List<LogEntryView> view = entries
                .Select(e => (Entry: e, Session: Command.SessionOf(e)))
                .Select(e => new LogEntryView(e.Entry.Index, e.Entry.Term, e.Entry.Type, Command.KeyOf(e.Entry), Command.IsWrite(e.Entry) ? Command.ValueOf(e.Entry) : string.Empty,
                    e.Session?.Client, e.Session?.Seq))
                .ToList();
            return Results.Json(view, ApiJson.Default.ListLogEntryView);
        });
    }

    private static async Task<string> ReadValueAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        char[] buffer = new char[MaxValueBytes + 1];
        int read = await reader.ReadBlockAsync(buffer).ConfigureAwait(false);
        return new string(buffer, 0, read);
    }

    /// <summary>The write's client and seq from the query: both, neither (no session), or an error saying what is wrong.</summary>
    private static (ClientSession? Session, string? Error) ParseSession(HttpRequest request)
    {
        string? client = request.Query["client"];
        string? seqText = request.Query["seq"];
        if (string.IsNullOrEmpty(client) && string.IsNullOrEmpty(seqText))
        {
            return (null, null);
        }

        if (string.IsNullOrEmpty(client) || string.IsNullOrEmpty(seqText))
        {
            return (null, "client and seq go together: a write names both (exactly-once) or neither.");
        }

        if (client.Length > ClientSession.MaxClientLength)
        {
            return (null, $"client may have at most {ClientSession.MaxClientLength} characters (it has {client.Length}).");
        }

        return ulong.TryParse(seqText, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seq)
            ? (new ClientSession(client, seq), null)
            : (null, $"seq must be a non-negative integer (the client's sequence number of this write), not '{seqText}'.");
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

    private static IResult Error(int status, string message) => Results.Json(new ApiError(message), ApiJson.Default.ApiError, statusCode: status);
}
