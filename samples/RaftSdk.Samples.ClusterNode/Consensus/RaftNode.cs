using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RaftSdk.ChangeAgent;
using RaftSdk.Samples.ClusterNode.Hosting;
using RaftSdk.Samples.ClusterNode.StateMachine;
using RaftSdk.Samples.ClusterNode.Storage;

namespace RaftSdk.Samples.ClusterNode.Consensus;

/// <summary>
/// One Raft server, following Figure 2 of the Raft paper (Ongaro and Ousterhout, 2014). This file
/// holds the state and the transitions between roles; the RPC receivers, the election and the
/// leader's replication are in the other parts of this class. Every read or change of Raft state
/// happens under <see cref="_gate"/>; network calls happen outside it.
/// </summary>
internal sealed partial class RaftNode : IRaft, IAsyncDisposable
{
    private readonly NodeIdentity _identity;
    private readonly RaftTimings _timings;
    private readonly ICommunication _communication;
    private readonly IAppendPipelines _pipelines;
    private readonly ILogger _logger;
    private readonly AsyncGate _gate = new();
    private readonly CancellationTokenSource _stopping = new();

    // Persistent state on all servers: on disk before any answer that depends on it.
    private readonly TermAndVote _termAndVote;
    private readonly LogFile _log;

    // Volatile state on all servers.
    private readonly KeyValueStore _store = new();
    private ulong _commitIndex;
    private ulong _lastApplied;
    private Role _role = Role.Follower;
    private ulong _leaderId;
    private long _electionDeadline;

    // Volatile state on leaders, reinitialized after each election.
    private readonly Dictionary<ulong, PeerProgress> _progress = new();
    private readonly Dictionary<ulong, Signal> _replicatorSignals = new();
    private readonly Dictionary<ulong, List<PendingWrite>> _pendingWrites = new(); // by the index of the entry they wait for
    private readonly Dictionary<ClientSession, ulong> _sessionsInLog = new(); // session writes in the log, not applied yet: where a retry waits
    private CancellationTokenSource? _leadership;

    private readonly Channel<PendingWrite> _proposals = Channel.CreateUnbounded<PendingWrite>();
    private Task _background = Task.CompletedTask;

    private RaftNode(NodeIdentity identity, RaftTimings timings, ICommunication communication, IAppendPipelines pipelines, ILogger logger, TermAndVote termAndVote, LogFile log)
    {
        _identity = identity;
        _timings = timings;
        _communication = communication;
        _pipelines = pipelines;
        _logger = logger;
        _termAndVote = termAndVote;
        _log = log;
    }

    /// <summary>
    /// Opens the node's persistent state in <paramref name="dataDirectory"/> (created when missing,
    /// its parent folder flushed so that the new folder survives a power cut).
    /// </summary>
    /// <remarks>Appends go through <paramref name="pipelines"/>; without, one at a time over <paramref name="communication"/>.</remarks>
    /// <exception cref="InvalidDataException">The stored state is damaged or of an older format (the message says which file, where, and why).</exception>
    public static RaftNode Open(
        NodeIdentity identity, RaftTimings timings, string dataDirectory, ICommunication communication, ILogger logger,
        IAppendPipelines? pipelines = null, IDirectorySync? directorySync = null)
    {
        directorySync ??= DirectorySync.Instance;
        string folder = Path.GetFullPath(dataDirectory);
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
            directorySync.FlushDirectory(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(folder))!);
        }

        TermAndVote termAndVote = TermAndVote.Open(folder, directorySync);
        LogFile log = LogFile.Open(folder, directorySync);
        if (log.TornBytesCut > 0)
        {
            logger.LogWarning("Cut a torn last record of {Bytes} bytes off the log after entry {Index} (a crash in the middle of an append; never acknowledged)",
                log.TornBytesCut, log.LastIndex);
        }

        logger.LogInformation("Node {Id} opened {Directory}: term {Term}, voted for {Vote}, {Count} log entries (last term {LastTerm})",
            identity.Id, dataDirectory, termAndVote.CurrentTerm, termAndVote.VotedFor, log.LastIndex, log.LastTerm);
        return new RaftNode(identity, timings, communication, pipelines ?? new SequentialAppends(communication), logger, termAndVote, log);
    }

    /// <summary>Starts the election timer and the proposal loop.</summary>
    public void Start()
    {
        ResetElectionTimer();
        _background = Task.WhenAll(
            Task.Run(() => RunElectionTimerAsync(_stopping.Token)),
            Task.Run(() => RunProposalLoopAsync(_stopping.Token)));
    }

    public async Task<NodeStatus> GetStatusAsync()
    {
        using (await _gate.EnterAsync())
        {
            return new NodeStatus(_identity.Id, _role.ToString(), _termAndVote.CurrentTerm, _leaderId,
                _commitIndex, _lastApplied, _log.LastIndex, _log.LastTerm, _store.Count);
        }
    }

    /// <summary>Up to <paramref name="count"/> log entries from <paramref name="from"/>, for the safety checks.</summary>
    public async Task<IReadOnlyList<Entry>> ReadLogAsync(ulong from, int count)
    {
        using (await _gate.EnterAsync())
        {
            return _log.Slice(from, count).ToArray();
        }
    }

    public async Task<string?> ReadValueAsync(string key)
    {
        using (await _gate.EnterAsync())
        {
            return _store.TryGet(key, out string? value) ? value : null;
        }
    }

    public async Task<Dictionary<string, string>> ReadAllAsync()
    {
        using (await _gate.EnterAsync())
        {
            return _store.Snapshot();
        }
    }

    /// <summary>Where to forward a write: the known leader's address, or null when this node leads or knows no leader.</summary>
    public async Task<(bool IsLeader, string? LeaderAddress)> FindLeaderAsync()
    {
        using (await _gate.EnterAsync())
        {
            if (_role == Role.Leader)
            {
                return (true, null);
            }

            return (false, _identity.Peers.TryGetValue(_leaderId, out string? address) ? address : null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _proposals.Writer.TryComplete();
        using (await _gate.EnterAsync())
        {
            EndLeadership("the node is stopping");
        }

        try
        {
            await _background.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped as asked.
        }

        _log.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Figure 2, all servers: a request or response with a higher term makes this node a follower of that term.</summary>
    private void ObserveTerm(ulong term)
    {
        if (term <= _termAndVote.CurrentTerm)
        {
            return;
        }

        _logger.LogInformation("Term {Old} -> {New}: a peer has a newer term", _termAndVote.CurrentTerm, term);
        _termAndVote.Save(term, votedFor: 0);
        _leaderId = 0;
        BecomeFollower();
    }

    private void BecomeFollower()
    {
        if (_role == Role.Leader)
        {
            EndLeadership($"stepped down in term {_termAndVote.CurrentTerm}");
            ResetElectionTimer();
        }

        _role = Role.Follower;
    }

    private void BecomeLeader()
    {
        ulong term = _termAndVote.CurrentTerm;
        _role = Role.Leader;
        _leaderId = _identity.Id;
        _logger.LogInformation("Leader of term {Term} (log {Last}, commit {Commit})", term, _log.LastIndex, _commitIndex);
        EventLine.Leader(_identity.Id, term);

        _leadership = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        _progress.Clear();
        _replicatorSignals.Clear();
        for (ulong index = _lastApplied + 1; index <= _log.LastIndex; index++)
        {
            if (Command.SessionOf(_log.Get(index)) is { } session)
            {
                _sessionsInLog[session] = index;
            }
        }

        // A no-op of the new term: committing it commits every earlier entry (entries of older terms never commit by counting).
        AppendAsLeader(Command.NoOp());
        _log.Flush();
        AdvanceCommitIndex();

        foreach ((ulong peerId, string address) in _identity.Peers)
        {
            // nextIndex = the last index before the no-op + 1, as Figure 2 initializes it; the no-op goes first.
            _progress[peerId] = new PeerProgress(_log.LastIndex);
            var signal = new Signal();
            _replicatorSignals[peerId] = signal;
            CancellationToken token = _leadership.Token;
            _ = Task.Run(() => ReplicateAsync(peerId, address, term, signal, token), CancellationToken.None);
        }
    }

    private void EndLeadership(string reason)
    {
        if (_leadership is null)
        {
            return;
        }

        _leadership.Cancel();
        _leadership.Dispose();
        _leadership = null;
        foreach (PendingWrite write in _pendingWrites.Values.SelectMany(writes => writes))
        {
            // It may still commit under the next leader; the client was not told it did, so it retries or gives up.
            write.Fail(new NotLeaderException($"Leadership lost before the write committed ({reason}); it may or may not be in the log."));
        }

        _pendingWrites.Clear();
        _sessionsInLog.Clear();
    }

    private void AddPending(ulong index, PendingWrite write)
    {
        if (!_pendingWrites.TryGetValue(index, out List<PendingWrite>? writes))
        {
            writes = new List<PendingWrite>(1);
            _pendingWrites[index] = writes;
        }

        writes.Add(write);
    }

    private Entry AppendAsLeader(Entry entry)
    {
        Entry stamped = entry with { Index = _log.LastIndex + 1, Term = _termAndVote.CurrentTerm };
        _log.Append(stamped);
        return stamped;
    }

    /// <summary>
    /// Figure 2, leaders: the largest N over commitIndex that a majority has, provided log[N] is of
    /// the current term, becomes the commit index. The leader counts itself: its log is flushed.
    /// </summary>
    private void AdvanceCommitIndex()
    {
        ulong term = _termAndVote.CurrentTerm;
        for (ulong n = _log.LastIndex; n > _commitIndex && _log.TermAt(n) == term; n--)
        {
            int replicas = 1 + _progress.Values.Count(p => p.MatchIndex >= n);
            if (replicas >= _identity.Majority)
            {
                _commitIndex = n;
                break;
            }
        }

        ApplyCommitted();
    }

    /// <summary>Figure 2, all servers: apply every entry up to commitIndex, in order; a leader then answers its waiting writers.</summary>
    private void ApplyCommitted()
    {
        while (_lastApplied < _commitIndex)
        {
            _lastApplied++;
            Entry entry = _log.Get(_lastApplied);
            ApplyResult result = _store.Apply(entry);
            ClientSession? session = Command.SessionOf(entry);
            if (session is { } applied)
            {
                _ = _sessionsInLog.Remove(applied);
            }

            if (!_pendingWrites.Remove(_lastApplied, out List<PendingWrite>? writes))
            {
                continue;
            }

            foreach (PendingWrite write in writes)
            {
                if (entry.Term != write.Term)
                {
                    write.Fail(new NotLeaderException($"Entry {_lastApplied} was replaced by a later leader's entry; the write was not committed."));
                }
                else if (write.IsRetry && result.Outcome == ApplyOutcome.Applied)
                {
                    write.Complete(ProposalAnswers.DuplicateOf(_lastApplied));
                }
                else
                {
                    write.Complete(ProposalAnswers.For(result, session));
                }
            }
        }
    }

    private void ResetElectionTimer() =>
        _electionDeadline = Environment.TickCount64 + (long)_timings.NextElectionTimeout().TotalMilliseconds;
}
