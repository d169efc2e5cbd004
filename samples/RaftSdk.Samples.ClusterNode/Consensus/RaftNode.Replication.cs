using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RaftSdk.ChangeAgent;
using RaftSdk.Samples.ClusterNode.Hosting;
using RaftSdk.Samples.ClusterNode.StateMachine;

namespace RaftSdk.Samples.ClusterNode.Consensus;

/// <summary>The leader's side: taking in writes, and one replicator per follower (Figure 2, leaders).</summary>
internal sealed partial class RaftNode
{
    private const int MaxEntriesPerAppend = 256;
    private const int MaxWritesPerBatch = 512;
    private const int MaxEntriesPerJoin = 512;

    /// <summary>
    /// Appends client writes to the leader's log in batches: everything queued at once is written
    /// and flushed to disk together (one fsync per batch), then the replicators are woken.
    /// </summary>
    private async Task RunProposalLoopAsync(CancellationToken stopping)
    {
        var batch = new List<PendingWrite>();
        while (await _proposals.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxWritesPerBatch && _proposals.Reader.TryRead(out PendingWrite? write))
            {
                batch.Add(write);
            }

            using (await _gate.EnterAsync())
            {
                if (_role != Role.Leader)
                {
                    foreach (PendingWrite write in batch)
                    {
                        write.Fail(new NotLeaderException($"Node {_identity.Id} stopped leading before the write was appended; it is not in the log."));
                    }

                    continue;
                }

                foreach (PendingWrite write in batch)
                {
                    TakeWrite(write);
                }

                _log.Flush();
                AdvanceCommitIndex(); // a one-node cluster commits here
                foreach (Signal signal in _replicatorSignals.Values)
                {
                    signal.Raise();
                }
            }
        }
    }

    /// <summary>
    /// Appends a client's write, once per client and seq (Raft dissertation, section 6.3): one
    /// already applied is answered with its original index at once; one whose entry is in the log
    /// but not applied yet (the first attempt still on its way) waits for that entry; anything else
    /// is appended. Under the gate, as leader.
    /// </summary>
    private void TakeWrite(PendingWrite write)
    {
        ClientSession? session = Command.SessionOf(write.Entry);
        if (session is { } known)
        {
            if (_store.Lookup(known) is { } earlier)
            {
                write.Complete(ProposalAnswers.For(earlier, known));
                return;
            }

            if (_sessionsInLog.TryGetValue(known, out ulong inLog))
            {
                write.Term = _log.TermAt(inLog);
                write.IsRetry = true;
                AddPending(inLog, write);
                return;
            }
        }

        Entry appended = AppendAsLeader(write.Entry);
        write.Term = appended.Term;
        AddPending(appended.Index, write);
        if (session is { } added)
        {
            _sessionsInLog[added] = appended.Index;
        }
    }

    /// <summary>
    /// Replicates to one follower for as long as this node leads in <paramref name="term"/>: new
    /// entries through a pipeline of appends (several in flight, answered in order), heartbeats on
    /// their own request/response calls (<see cref="SendHeartbeatsAsync"/>) so that they never wait
    /// behind a large append. A follower whose log does not match, or that could not be reached, is
    /// caught up with Join batches first, then a new pipeline starts after what it has.
    /// </summary>
    private async Task ReplicateAsync(ulong peerId, string address, ulong term, Signal signal, CancellationToken leadership)
    {
        Task heartbeats = Task.Run(() => SendHeartbeatsAsync(peerId, address, term, signal, leadership), CancellationToken.None);
        while (!leadership.IsCancellationRequested)
        {
            bool catchUp;
            using (await _gate.EnterAsync())
            {
                if (_role != Role.Leader || _termAndVote.CurrentTerm != term)
                {
                    break;
                }

                catchUp = _progress[peerId].NeedsCatchUp;
            }

            bool failed = false;
            try
            {
                if (catchUp)
                {
                    _ = await CatchUpAsync(peerId, address, term, leadership).ConfigureAwait(false);
                }
                else
                {
                    await StreamAppendsAsync(peerId, address, term, signal, leadership).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (leadership.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is RaftTransportException or JoinRefusedException or ObjectDisposedException)
            {
                // Down, slow, restarting or refusing: try again at the next heartbeat. It may come back
                // from a restart, far behind: then a Join catch-up comes first.
                _logger.LogDebug("Replication to node {Peer} failed: {Error}", peerId, exception.Message);
                await MarkForCatchUpAsync(peerId, term).ConfigureAwait(false);
                failed = true;
            }
            catch (Exception exception)
            {
                // A bug, not the network: say so, but keep this follower's replication going.
                _logger.LogError(exception, "Replication to node {Peer} failed unexpectedly", peerId);
                failed = true;
            }

            if (failed)
            {
                await signal.WaitAsync(_timings.Heartbeat, leadership).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await heartbeats.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task MarkForCatchUpAsync(ulong peerId, ulong term)
    {
        using (await _gate.EnterAsync())
        {
            if (_role == Role.Leader && _termAndVote.CurrentTerm == term && _progress.TryGetValue(peerId, out PeerProgress? progress))
            {
                progress.NeedsCatchUp = true;
            }
        }
    }

    /// <summary>
    /// One pipeline to the follower: a sender puts appends of the entries from nextIndex on, up to
    /// the pipeline's depth unanswered, ahead of the answers; the answers are taken in order here.
    /// Returns when an answer ends it (a refusal: catch-up comes next; a newer term; leadership
    /// lost); throws when the connection fails. Either way the pipeline and whatever is still in
    /// flight on it are dropped, and the next one starts from what the follower confirmed.
    /// </summary>
    private async Task StreamAppendsAsync(ulong peerId, string address, ulong term, Signal signal, CancellationToken leadership)
    {
        await using IAppendPipeline pipeline = await _pipelines.OpenAsync(address, leadership).ConfigureAwait(false);
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(leadership);
        var inFlight = Channel.CreateBounded<(AppendRequest Request, Task<AppendResponse> Answer)>(
            new BoundedChannelOptions(_pipelines.Depth) { SingleReader = true, SingleWriter = true });
        Task sender = Task.Run(() => SendAppendsAsync(peerId, term, pipeline, inFlight.Writer, signal, stream.Token), CancellationToken.None);
        try
        {
            await foreach ((AppendRequest request, Task<AppendResponse> answer) in inFlight.Reader.ReadAllAsync(stream.Token).ConfigureAwait(false))
            {
                AppendResponse response = await answer.ConfigureAwait(false);
                if (!await TakeAppendAnswerAsync(peerId, request, response).ConfigureAwait(false))
                {
                    return;
                }
            }

            await sender.ConfigureAwait(false); // the sender ended the stream: let its failure, if any, be this one's
        }
        finally
        {
            await stream.CancelAsync().ConfigureAwait(false);
            await sender.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            while (inFlight.Reader.TryRead(out (AppendRequest, Task<AppendResponse> Answer) dropped))
            {
                _ = dropped.Answer.ContinueWith(static t => t.Exception, TaskScheduler.Default); // observed: the pipeline's end fails them
            }
        }
    }

    /// <summary>Sends appends of everything after what was sent, as entries are appended, while the answers are awaited elsewhere.</summary>
    private async Task SendAppendsAsync(ulong peerId, ulong term, IAppendPipeline pipeline, ChannelWriter<(AppendRequest, Task<AppendResponse>)> inFlight, Signal signal, CancellationToken stream)
    {
        try
        {
            ulong next;
            using (await _gate.EnterAsync())
            {
                next = _progress[peerId].NextIndex;
            }

            while (await inFlight.WaitToWriteAsync(stream).ConfigureAwait(false))
            {
                AppendRequest? request = null;
                using (await _gate.EnterAsync())
                {
                    if (_role != Role.Leader || _termAndVote.CurrentTerm != term)
                    {
                        return;
                    }

                    IReadOnlyList<Entry> entries = _log.Slice(next, MaxEntriesPerAppend);
                    if (entries.Count > 0)
                    {
                        request = new AppendRequest
                        {
                            Term = term,
                            LeaderId = MyId(),
                            PrevLogIndex = next - 1,
                            PrevLogTerm = _log.TermAt(next - 1),
                            LeaderCommit = _commitIndex,
                            Entries = entries,
                        };
                    }
                }

                if (request is null)
                {
                    await signal.WaitAsync(_timings.Heartbeat, stream).ConfigureAwait(false);
                    continue;
                }

                _ = inFlight.TryWrite((request, pipeline.AppendAsync(request, stream)));
                next += (ulong)request.Entries.Count;
            }
        }
        finally
        {
            inFlight.TryComplete();
        }
    }

    /// <summary>Takes one append's answer (Figure 2, leaders: matchIndex, nextIndex, commit). Returns whether the stream goes on.</summary>
    private async Task<bool> TakeAppendAnswerAsync(ulong peerId, AppendRequest request, AppendResponse response)
    {
        using (await _gate.EnterAsync())
        {
            ObserveTerm(response.Term);
            if (_role != Role.Leader || _termAndVote.CurrentTerm != request.Term)
            {
                return false;
            }

            PeerProgress progress = _progress[peerId];
            if (!response.Success)
            {
                // Same term, so the follower's log does not match at PrevLogIndex; what is behind this append fails the same way.
                progress.NeedsCatchUp = true;
                return false;
            }

            ulong match = request.PrevLogIndex + (ulong)request.Entries.Count;
            if (match > progress.MatchIndex)
            {
                progress.MatchIndex = match;
                AdvanceCommitIndex();
            }

            progress.NextIndex = Math.Max(progress.NextIndex, match + 1);
            return true;
        }
    }

    /// <summary>
    /// An empty AppendEntries every heartbeat interval, on request/response calls apart from the
    /// pipeline, so a follower hears from its leader while large appends are on their way. It
    /// vouches only for what the follower is known to have (prevLogIndex = matchIndex), which also
    /// brings the follower the commit index up to there. A refusal in this term means the follower
    /// lost what it had: it is caught up.
    /// </summary>
    private async Task SendHeartbeatsAsync(ulong peerId, string address, ulong term, Signal signal, CancellationToken leadership)
    {
        while (!leadership.IsCancellationRequested)
        {
            AppendRequest heartbeat;
            using (await _gate.EnterAsync())
            {
                if (_role != Role.Leader || _termAndVote.CurrentTerm != term)
                {
                    return;
                }

                ulong known = _progress[peerId].MatchIndex;
                heartbeat = new AppendRequest { Term = term, LeaderId = MyId(), PrevLogIndex = known, PrevLogTerm = _log.TermAt(known), LeaderCommit = _commitIndex };
            }

            try
            {
                AppendResponse response = await _communication.AppendAsync(address, heartbeat, leadership).ConfigureAwait(false);
                using (await _gate.EnterAsync())
                {
                    ObserveTerm(response.Term);
                    if (!response.Success && _role == Role.Leader && _termAndVote.CurrentTerm == term)
                    {
                        _progress[peerId].NeedsCatchUp = true;
                        signal.Raise();
                    }
                }
            }
            catch (RaftTransportException exception)
            {
                _logger.LogDebug("Heartbeat to node {Peer} failed: {Error}", peerId, exception.Message);
            }

            await Task.Delay(_timings.Heartbeat, leadership).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// Brings a follower whose log did not match, or that was unreachable (down, restarting), up to
    /// this leader's commit index with Join batches of committed entries (changeagent's catch-up),
    /// starting after what the leader knows the follower has: its match index or its own commit
    /// index (0 after a restart: the commit index is volatile, so a restarted node is sent the
    /// committed log from the start and compares what it already has). AppendEntries then resumes
    /// right after what the follower now has.
    /// </summary>
    private async Task<bool> CatchUpAsync(ulong peerId, string address, ulong term, CancellationToken leadership)
    {
        var cluster = new NodeId(_identity.ClusterId);
        ProposalResponse probe = await _communication.JoinAsync(address, new JoinRequest { ClusterId = cluster }, leadership).ConfigureAwait(false);
        ThrowIfJoinFailed(peerId, probe);

        ulong from;
        ulong upTo;
        using (await _gate.EnterAsync())
        {
            from = Math.Max(_progress[peerId].MatchIndex, probe.NewIndex) + 1;
            upTo = _commitIndex;
        }

        int batches = 0;
        while (from <= upTo)
        {
            IReadOnlyList<Entry> entries;
            using (await _gate.EnterAsync())
            {
                if (_role != Role.Leader || _termAndVote.CurrentTerm != term)
                {
                    return false;
                }

                entries = _log.Slice(from, (int)Math.Min(MaxEntriesPerJoin, upTo - from + 1)).ToArray();
            }

            ulong last = entries[^1].Index;
            var join = new JoinRequest { ClusterId = cluster, Last = last == upTo, Entries = entries };
            ThrowIfJoinFailed(peerId, await _communication.JoinAsync(address, join, leadership).ConfigureAwait(false));
            from = last + 1;
            batches++;
        }

        ulong known = Math.Max(probe.NewIndex, upTo);
        bool leading = false;
        using (await _gate.EnterAsync())
        {
            if (_role == Role.Leader && _termAndVote.CurrentTerm == term && _progress.TryGetValue(peerId, out PeerProgress? progress))
            {
                // The follower now holds this leader's committed prefix up to here, so AppendEntries matches at it.
                leading = true;
                known = Math.Max(progress.MatchIndex, known);
                progress.NextIndex = Math.Min(known + 1, _log.LastIndex + 1);
                progress.NeedsCatchUp = false;
            }
        }

        // Every batch was taken (each answer checked above), so the follower holds the committed
        // prefix even when this node lost its leadership meanwhile (a caught-up follower may then
        // win the next election); the catch-up happened, and is told either way.
        _logger.LogInformation("Caught node {Peer} up with {Batches} Join batch(es) to {Index}", peerId, batches, known);
        EventLine.CaughtUp(_identity.Id, peerId, batches, known);
        return leading;
    }

    private static void ThrowIfJoinFailed(ulong peerId, ProposalResponse response)
    {
        if (!string.IsNullOrEmpty(response.Error))
        {
            throw new JoinRefusedException($"Node {peerId} refused a Join: {response.Error}");
        }
    }
}
