using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RaftSdk.ChangeAgent;

namespace RaftSdk.Samples.ClusterNode.Consensus;

/// <summary>The election timer and the candidate (Figure 2, "Rules for Servers": followers and candidates).</summary>
internal sealed partial class RaftNode
{
    private async Task RunElectionTimerAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            VoteRequest? candidacy = null;
            long wait;
            using (await _gate.EnterAsync())
            {
                wait = _electionDeadline - Environment.TickCount64;
                if (_role == Role.Leader)
                {
                    // A leader has no election timer; look again after the shortest timeout.
                    wait = (long)_timings.ElectionTimeoutMin.TotalMilliseconds;
                }
                else if (wait <= 0)
                {
                    candidacy = BecomeCandidate();
                    wait = _electionDeadline - Environment.TickCount64;
                }
            }

            if (candidacy is not null)
            {
                await RunElectionAsync(candidacy, TimeSpan.FromMilliseconds(Math.Max(wait, 1)), stopping).ConfigureAwait(false);
                continue;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(wait, 1)), stopping).ConfigureAwait(false);
        }
    }

    /// <summary>Figure 2, candidates: increment currentTerm, vote for self (on disk), reset the election timer.</summary>
    private VoteRequest BecomeCandidate()
    {
        ulong term = _termAndVote.CurrentTerm + 1;
        _termAndVote.Save(term, _identity.Id);
        _role = Role.Candidate;
        _leaderId = 0;
        ResetElectionTimer();
        _logger.LogInformation("Election timeout: candidate in term {Term} (log {Last}, last term {LastTerm})", term, _log.LastIndex, _log.LastTerm);
        return new VoteRequest
        {
            Term = term,
            CandidateId = MyId(),
            LastLogIndex = _log.LastIndex,
            LastLogTerm = _log.LastTerm,
            ClusterId = new NodeId(_identity.ClusterId),
        };
    }

    /// <summary>
    /// Sends RequestVote to every peer through the transport's channel form (it never blocks) and
    /// counts the answers until a majority, a newer term, another leader or the timeout ends the election.
    /// </summary>
    private async Task RunElectionAsync(VoteRequest request, TimeSpan timeout, CancellationToken stopping)
    {
        var votes = Channel.CreateUnbounded<VoteResponse>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(timeout);
        var granted = new HashSet<ulong> { _identity.Id };
        try
        {
            using (await _gate.EnterAsync())
            {
                if (TryWin(request.Term, granted))
                {
                    return;
                }
            }

            foreach (string address in _identity.Peers.Values)
            {
                _communication.RequestVote(address, request, votes.Writer, deadline.Token);
            }

            while (true)
            {
                VoteResponse vote = await votes.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
                if (vote.Error is not null)
                {
                    _logger.LogDebug("No vote from {Address}: {Error}", vote.NodeAddress, vote.Error.Message);
                    continue;
                }

                using (await _gate.EnterAsync())
                {
                    ObserveTerm(vote.Term);
                    if (_role != Role.Candidate || _termAndVote.CurrentTerm != request.Term)
                    {
                        return; // a newer term, or a leader of this term, ended the election
                    }

                    if (vote.VoteGranted && vote.Term == request.Term)
                    {
                        _ = granted.Add(vote.NodeId.Value);
                    }

                    if (TryWin(request.Term, granted))
                    {
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            _logger.LogInformation("Election of term {Term} timed out with {Votes} vote(s)", request.Term, granted.Count);
        }
        finally
        {
            votes.Writer.TryComplete();
        }
    }

    private bool TryWin(ulong term, HashSet<ulong> granted)
    {
        if (_role != Role.Candidate || _termAndVote.CurrentTerm != term || granted.Count < _identity.Majority)
        {
            return false;
        }

        BecomeLeader();
        return true;
    }
}
