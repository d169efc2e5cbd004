using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RaftSdk.ChangeAgent;
using RaftSdk.Samples.ClusterNode.StateMachine;

namespace RaftSdk.Samples.ClusterNode.Consensus;

/// <summary>The IRaft side: what this node does with each request a peer sends (Figure 2, "receiver implementation").</summary>
internal sealed partial class RaftNode
{
    public NodeId MyId() => new(_identity.Id);

    /// <summary>Figure 2, RequestVote RPC, receiver implementation. The vote is on disk before the answer leaves.</summary>
    public async Task<VoteResponse> RequestVoteAsync(VoteRequest request, CancellationToken cancellationToken)
    {
        using (await _gate.EnterAsync())
        {
            if (request.ClusterId.Value != _identity.ClusterId)
            {
                _logger.LogWarning("Refused a vote to {Candidate} of cluster {Cluster}: this node is in cluster {Mine}", request.CandidateId, request.ClusterId, _identity.ClusterId);
                return new VoteResponse { NodeId = MyId(), Term = _termAndVote.CurrentTerm, VoteGranted = false };
            }

            ObserveTerm(request.Term);
            ulong candidate = request.CandidateId.Value;
            bool grant = request.Term == _termAndVote.CurrentTerm
                && (_termAndVote.VotedFor == 0 || _termAndVote.VotedFor == candidate)
                && IsAtLeastAsUpToDate(request.LastLogTerm, request.LastLogIndex);
            if (grant)
            {
                _termAndVote.Save(_termAndVote.CurrentTerm, candidate);
                ResetElectionTimer();
            }

            _logger.LogDebug("{Request}: {Answer}", request, grant ? "granted" : "refused");
            return new VoteResponse { NodeId = MyId(), Term = _termAndVote.CurrentTerm, VoteGranted = grant };
        }
    }

    /// <summary>Figure 2, AppendEntries RPC, receiver implementation (also the heartbeat). New entries are on disk before success is answered.</summary>
    public async Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        using (await _gate.EnterAsync())
        {
            // 1. Reply false if term < currentTerm.
            if (request.Term < _termAndVote.CurrentTerm)
            {
                return new AppendResponse { Term = _termAndVote.CurrentTerm, Success = false };
            }

            ObserveTerm(request.Term);
            if (_role == Role.Leader)
            {
                // Two leaders in one term would break Election Safety; never expected, so say so loudly.
                _logger.LogCritical("Leader of term {Term} received an append from {Other} in the same term", request.Term, request.LeaderId);
                return new AppendResponse { Term = _termAndVote.CurrentTerm, Success = false };
            }

            BecomeFollower();
            _leaderId = request.LeaderId.Value;
            ResetElectionTimer();

            ThrowIfNotContiguous(request.Entries, request.PrevLogIndex + 1, request.Term);

            // 2. Reply false if the log has no entry at prevLogIndex whose term matches prevLogTerm.
            if (request.PrevLogIndex > _log.LastIndex || _log.TermAt(request.PrevLogIndex) != request.PrevLogTerm)
            {
                return new AppendResponse { Term = _termAndVote.CurrentTerm, Success = false };
            }

            // 3. and 4. Delete a conflicting suffix, append what is new, then make it durable.
            if (AppendFromLeader(request.Entries))
            {
                _log.Flush();
            }

            // 5. Commit up to leaderCommit, but not past the last entry this request vouched for.
            ulong lastNew = request.PrevLogIndex + (ulong)request.Entries.Count;
            if (request.LeaderCommit > _commitIndex)
            {
                _commitIndex = Math.Max(_commitIndex, Math.Min(request.LeaderCommit, lastNew));
                ApplyCommitted();
            }

            return new AppendResponse { Term = _termAndVote.CurrentTerm, Success = true };
        }
    }

    /// <summary>
    /// A follower forwards a client's write (or the HTTP API hands one in): the leader appends it,
    /// and answers its index once it is committed and applied (Figure 2, leaders); a write of a
    /// client and seq applied before is answered as in <see cref="ProposalAnswers"/>. Anything else
    /// throws, which the transport answers with status 500 and the error text.
    /// </summary>
    public async Task<ProposalResponse> ProposeAsync(Entry entry, CancellationToken cancellationToken)
    {
        using (await _gate.EnterAsync())
        {
            if (_role != Role.Leader)
            {
                throw new NotLeaderException($"Node {_identity.Id} is not the leader (term {_termAndVote.CurrentTerm}, leader {_leaderId}).");
            }
        }

        var write = new PendingWrite(Command.OwnCopy(entry));
        await _proposals.Writer.WriteAsync(write, cancellationToken).ConfigureAwait(false);
        return await write.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Catch-up in batches, as changeagent's Join. Every entry a leader sends here is committed
    /// (it sends nothing past its commit index), so it is in every later leader's log at that index:
    /// a different local entry there can never commit and is replaced. An empty, non-final request
    /// is a probe, answered with this node's commit index, where the batches start.
    /// </summary>
    public async Task<ProposalResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken)
    {
        using (await _gate.EnterAsync())
        {
            if (request.ClusterId.Value != _identity.ClusterId)
            {
                throw new InvalidOperationException($"Node {_identity.Id} is in cluster {_identity.ClusterId}, not {request.ClusterId}.");
            }

            // Only a leader sends Join: hold the election off while it catches this node up.
            ResetElectionTimer();
            if (request.Entries.Count == 0)
            {
                return new ProposalResponse { NewIndex = _commitIndex };
            }

            ThrowIfNotContiguous(request.Entries, request.Entries[0].Index, ulong.MaxValue);
            if (request.Entries[0].Index == 0 || request.Entries[0].Index > _log.LastIndex + 1)
            {
                throw new InvalidOperationException($"Join batch starts at {request.Entries[0].Index}, after this node's last entry {_log.LastIndex}.");
            }

            if (AppendFromLeader(request.Entries))
            {
                _log.Flush();
            }

            ulong lastJoined = request.Entries[^1].Index;
            _commitIndex = Math.Max(_commitIndex, lastJoined);
            ApplyCommitted();
            if (request.Last)
            {
                _logger.LogInformation("Caught up by Join to {Index}", lastJoined);
            }

            return new ProposalResponse { NewIndex = lastJoined };
        }
    }

    /// <summary>
    /// Entries must follow each other from <paramref name="first"/> on, in terms no later than the
    /// sender's: anything else is refused before the log is touched (the transport answers the error).
    /// </summary>
    private static void ThrowIfNotContiguous(System.Collections.Generic.IReadOnlyList<Entry> entries, ulong first, ulong maxTerm)
    {
        for (int i = 0; i < entries.Count; i++)
        {
            Entry entry = entries[i];
            if (entry.Index != first + (ulong)i || entry.Term == 0 || entry.Term > maxTerm || (i > 0 && entry.Term < entries[i - 1].Term))
            {
                throw new InvalidOperationException(
                    $"Entry {i} of the request ({entry}) does not continue the sequence from index {first} in terms 1 to {maxTerm}; nothing was appended.");
            }
        }
    }

    /// <summary>Figure 2, RequestVote step 2 (section 5.4.1): the later last term wins; with equal terms, the longer log.</summary>
    private bool IsAtLeastAsUpToDate(ulong lastLogTerm, ulong lastLogIndex) =>
        lastLogTerm > _log.LastTerm || (lastLogTerm == _log.LastTerm && lastLogIndex >= _log.LastIndex);

    /// <summary>
    /// Figure 2, AppendEntries steps 3 and 4: an existing entry that conflicts with a new one (same
    /// index, other term) is deleted with all that follow; entries already present are kept.
    /// Returns whether the log changed (and so needs a flush).
    /// </summary>
    private bool AppendFromLeader(System.Collections.Generic.IReadOnlyList<Entry> entries)
    {
        bool changed = false;
        foreach (Entry entry in entries)
        {
            if (_log.Contains(entry.Index))
            {
                if (_log.TermAt(entry.Index) == entry.Term)
                {
                    continue;
                }

                if (entry.Index <= _commitIndex)
                {
                    // Leader Completeness says this cannot happen; refusing keeps a committed entry from being lost if it does.
                    throw new InvalidOperationException($"Entry {entry.Index} conflicts with a committed entry (commit index {_commitIndex}).");
                }

                _logger.LogInformation("Entry {Index} of term {Old} conflicts with the leader's of term {New}: deleting from {Index} on",
                    entry.Index, _log.TermAt(entry.Index), entry.Term, entry.Index);
                _log.TruncateFrom(entry.Index);
            }

            _log.Append(Command.OwnCopy(entry));
            changed = true;
        }

        return changed;
    }
}
