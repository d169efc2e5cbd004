using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DotNext.Net.Cluster;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.AspNetCore.Http;
using RaftSdk.Samples.DotNextNode.Diagnostics;
using RaftSdk.Samples.DotNextNode.StateMachine;

namespace RaftSdk.Samples.DotNextNode.Api;

/// <summary>
/// A write through any node. A follower hands it to the leader's HTTP API (the leader's address
/// is in its DotNext metadata, read with GetMetadataAsync over the transport); the leader answers a
/// retry it has already applied from the state machine, joins a retry of a write still in
/// flight, and otherwise appends the write and waits until it is applied. Once per term, before its
/// first write, the leader applies everything its log holds, so a retried write of an earlier term
/// is found applied rather than appended twice. A write this leader appended stays in flight until
/// it is applied or the term ends, even when its caller gave up: a retry that comes in between
/// joins it instead of appending it a second time.
/// </summary>
internal sealed class KvWrites : IDisposable
{
    public const string HttpMetadataKey = "http";

    private readonly Func<IRaftCluster?> _cluster;
    private readonly KvStateMachine _stateMachine;
    private readonly TimeSpan _timeout;
    private readonly HttpClient _forward;
    private readonly ConcurrentDictionary<(string Client, ulong Seq), PendingWrite> _inFlight = new();
    private readonly WriteAheadLog _log;
    private readonly WritePhases _phases;
    private long _caughtUpTerm = -1;

    public KvWrites(Func<IRaftCluster?> cluster, WriteAheadLog log, KvStateMachine stateMachine, TimeSpan timeout, WritePhases phases)
    {
        _cluster = cluster;
        _log = log;
        _phases = phases;
        _stateMachine = stateMachine;
        _timeout = timeout;
        _forward = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = timeout };
    }

    public async Task<IResult> WriteAsync(string key, string value, string client, ulong seq, CancellationToken cancellationToken)
    {
        IRaftCluster? cluster = _cluster();
        IClusterMember? leader = cluster?.Leader;
        if (cluster is null || leader is null)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, "No leader is known yet (an election is under way); nothing was written. Retry shortly.");
        }

        if (leader.IsRemote)
        {
            return await ForwardAsync(leader, key, value, client, seq, cancellationToken).ConfigureAwait(false);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_timeout);
        long term = cluster.Term;
        if (Volatile.Read(ref _caughtUpTerm) != term)
        {
            // A write of an earlier term may sit in this leader's log, appended but not applied
            // (this node led before, or inherited it), and its retry is here: it commits with this
            // term's first entry. Until everything in the log is applied the check below cannot see
            // it and would append it a second time; wait once per term.
            try
            {
                await _log.WaitForApplyAsync(_log.LastEntryIndex, limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return Error(StatusCodes.Status503ServiceUnavailable, $"This node became leader of term {term} and has not applied its log within {_timeout.TotalMilliseconds} ms; nothing was written. Retry shortly.");
            }

            ForgetEarlierTerms(term);
            Volatile.Write(ref _caughtUpTerm, term);
        }

        if (_stateMachine.TryFindApplied(client, seq, out long index, out bool tooOld))
        {
            return Answer(new WriteApplied(index, Duplicate: true));
        }

        if (tooOld)
        {
            return Error(StatusCodes.Status409Conflict, $"Write {seq} of client {client} is older than the writes of that client the node remembers; it was not applied again.");
        }

        var mine = new PendingWrite(new TaskCompletionSource<WriteApplied>(TaskCreationOptions.RunContinuationsAsynchronously), term);
        PendingWrite pending = Enter((client, seq), mine);
        bool mayBeAppended = false;
        try
        {
            if (pending != mine)
            {
                return Answer((await pending.Applied.Task.WaitAsync(limit.Token).ConfigureAwait(false)) with { Duplicate = true });
            }

            var entry = new BinaryLogEntry { Term = term, Content = new KvCommand(client, seq, key, value).Encode(), Context = mine.Applied };
            mayBeAppended = true;
            long started = Stopwatch.GetTimestamp();
            await cluster.ReplicateAsync(entry, limit.Token).ConfigureAwait(false);
            WriteApplied applied = await mine.Applied.Task.WaitAsync(limit.Token).ConfigureAwait(false);
            _phases.Replicated(Stopwatch.GetElapsedTime(started));
            return Answer(applied);
        }
        catch (NotLeaderException exception)
        {
            mine.Applied.TrySetException(exception);
            return Error(StatusCodes.Status503ServiceUnavailable, $"This node lost the leadership before the write committed; it may or may not commit: {exception.Message}");
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Error(StatusCodes.Status504GatewayTimeout, $"Not applied within {_timeout.TotalMilliseconds} ms; the write may still commit (retry with the same client and seq).");
        }
        finally
        {
            if (pending == mine)
            {
                Leave((client, seq), mine, mayBeAppended);
            }
        }
    }

    // The pending write for (client, seq): one still in flight of this term is joined; one of an
    // earlier term is replaced, since the catch-up of this term applied everything the log held and
    // the state machine did not find it, so it never committed.
    private PendingWrite Enter((string Client, ulong Seq) key, PendingWrite mine)
    {
        while (true)
        {
            PendingWrite pending = _inFlight.GetOrAdd(key, mine);
            if (pending == mine || pending.Term == mine.Term)
            {
                return pending;
            }

            if (_inFlight.TryUpdate(key, mine, pending))
            {
                pending.Applied.TrySetException(new NotLeaderException());
                return mine;
            }
        }
    }

    // A write that may be in the log stays in flight until it is applied (the state machine
    // completes it) or a later term forgets it; one that never reached the log leaves now.
    private void Leave((string Client, ulong Seq) key, PendingWrite mine, bool mayBeAppended)
    {
        if (!mayBeAppended || mine.Applied.Task.IsCompleted)
        {
            mine.Applied.TrySetCanceled(CancellationToken.None);
            _inFlight.TryRemove(new(key, mine));
            return;
        }

        _ = mine.Applied.Task.ContinueWith(_ => _inFlight.TryRemove(new(key, mine)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void ForgetEarlierTerms(long term)
    {
        foreach (var (key, pending) in _inFlight)
        {
            if (pending.Term < term && _inFlight.TryRemove(new(key, pending)))
            {
                pending.Applied.TrySetException(new NotLeaderException());
            }
        }
    }

    public void Dispose() => _forward.Dispose();

    private async Task<IResult> ForwardAsync(IClusterMember leader, string key, string value, string client, ulong seq, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await leader.GetMetadataAsync(false, cancellationToken).ConfigureAwait(false);
            if (!metadata.TryGetValue(HttpMetadataKey, out string? http))
            {
                return Error(StatusCodes.Status503ServiceUnavailable, $"The leader {leader.EndPoint} publishes no HTTP address; nothing was written.");
            }

            string uri = string.Create(CultureInfo.InvariantCulture, $"http://{http}/kv/{Uri.EscapeDataString(key)}?client={Uri.EscapeDataString(client)}&seq={seq}");
            using var content = new StringContent(value, Encoding.UTF8, "text/plain");
            using HttpResponseMessage response = await _forward.PutAsync(uri, content, cancellationToken).ConfigureAwait(false);
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return Results.Text(body, "application/json", Encoding.UTF8, (int)response.StatusCode);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or MemberUnavailableException && !cancellationToken.IsCancellationRequested)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, $"The leader at {leader.EndPoint} could not be reached: {exception.Message}; the write may or may not commit.");
        }
    }

    private static IResult Answer(WriteApplied applied) => Results.Json(new WriteResult(applied.Index, applied.Duplicate), ApiJson.Default.WriteResult);

    internal static IResult Error(int status, string message) => Results.Json(new ApiError(message), ApiJson.Default.ApiError, statusCode: status);

    private sealed record PendingWrite(TaskCompletionSource<WriteApplied> Applied, long Term);
}
