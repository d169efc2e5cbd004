using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
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
    /// Sends AppendEntries to one follower for as long as this node leads in <paramref name="term"/>:
    /// new entries as soon as they are appended, an empty one (heartbeat) when idle. A follower whose
    /// log does not match is caught up with Join batches first.
    /// </summary>
    private async Task ReplicateAsync(ulong peerId, string address, ulong term, Signal signal, CancellationToken leadership)
    {
        while (!leadership.IsCancellationRequested)
        {
            AppendRequest request;
            bool catchUp;
            using (await _gate.EnterAsync())
            {
                if (_role != Role.Leader || _termAndVote.CurrentTerm != term)
                {
                    return;
                }

                PeerProgress progress = _progress[peerId];
                catchUp = progress.NeedsCatchUp;
                ulong prev = progress.NextIndex - 1;
                request = new AppendRequest
                {
                    Term = term,
                    LeaderId = MyId(),
                    PrevLogIndex = prev,
                    PrevLogTerm = _log.TermAt(prev),
                    LeaderCommit = _commitIndex,
                    Entries = _log.Slice(progress.NextIndex, MaxEntriesPerAppend),
                };
            }

            bool more;
            try
            {
                more = catchUp
                    ? await CatchUpAsync(peerId, address, term, leadership).ConfigureAwait(false)
                    : await SendAppendAsync(peerId, address, request, leadership).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (leadership.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is RaftTransportException or JoinRefusedException)
            {
                // Down, slow, restarting or refusing: try again at the next heartbeat. It may come back
                // from a restart, far behind: then a Join catch-up comes first.
                _logger.LogDebug("Replication to node {Peer} failed: {Error}", peerId, exception.Message);
                more = false;
                await MarkForCatchUpAsync(peerId, term).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                // A bug, not the network: say so, but keep this follower's heartbeats going.
                _logger.LogError(exception, "Replication to node {Peer} failed unexpectedly", peerId);
                more = false;
            }

            if (!more)
            {
                await signal.WaitAsync(_timings.Heartbeat, leadership).ConfigureAwait(false);
            }
        }
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

    /// <summary>One AppendEntries round trip. Returns whether there is more to send at once.</summary>
    private async Task<bool> SendAppendAsync(ulong peerId, string address, AppendRequest request, CancellationToken leadership)
    {
        AppendResponse response = await _communication.AppendAsync(address, request, leadership).ConfigureAwait(false);
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
                // Same term, so the follower's log does not match at PrevLogIndex.
                progress.NeedsCatchUp = true;
                return true;
            }

            ulong match = request.PrevLogIndex + (ulong)request.Entries.Count;
            if (match > progress.MatchIndex)
            {
                progress.MatchIndex = match;
                AdvanceCommitIndex();
            }

            progress.NextIndex = Math.Max(progress.NextIndex, match + 1);
            return progress.NextIndex <= _log.LastIndex;
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

        using (await _gate.EnterAsync())
        {
            if (_role != Role.Leader || _termAndVote.CurrentTerm != term)
            {
                return false;
            }

            // The follower now holds this leader's committed prefix up to here, so AppendEntries matches at it.
            PeerProgress progress = _progress[peerId];
            ulong known = Math.Max(Math.Max(progress.MatchIndex, probe.NewIndex), upTo);
            progress.NextIndex = Math.Min(known + 1, _log.LastIndex + 1);
            progress.NeedsCatchUp = false;
            _logger.LogInformation("Caught node {Peer} up with {Batches} Join batch(es) to {Index}", peerId, batches, known);
            EventLine.CaughtUp(_identity.Id, peerId, batches, known);
            return true;
        }
    }

    private static void ThrowIfJoinFailed(ulong peerId, ProposalResponse response)
    {
        if (!string.IsNullOrEmpty(response.Error))
        {
            throw new JoinRefusedException($"Node {peerId} refused a Join: {response.Error}");
        }
    }
}
