using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using DotNext.Collections.Specialized;
using DotNext.IO;
using DotNext.Net;
using DotNext.Net.Cluster;
using DotNext.Net.Cluster.Consensus.Raft;
using RaftSdk.DotNext.Contract;
using RaftSdk.DotNext.Entries;

namespace RaftSdk.DotNext.Cluster;

/// <summary>
/// A member of the cluster as the local node sees it: DotNext's RPCs become calls of the
/// generated <see cref="DotNextRaftClient"/> to the member's address. A transport failure marks
/// the member unavailable and surfaces as DotNext's <see cref="MemberUnavailableException"/>,
/// which is what its leader and candidate states expect.
/// </summary>
public sealed class RaftSdkClusterMember : IRaftClusterMember, IDisposable
{
    /// <summary>The most snapshot bytes written by DotNext and not yet sent (two of the client's 64 KiB buffers).</summary>
    internal const int SnapshotPipeThreshold = 128 * 1024;

    private readonly RaftSdkCluster _cluster;
    private readonly DotNextRaftClient _client;
    private readonly ClusterMemberId _id;
    private CancellationTokenSource _pending = new();
    private IRaftClusterMember.ReplicationState _state;
    private volatile ClusterMemberStatus _status;
    private volatile IReadOnlyDictionary<string, string>? _metadata;
    private InvocationList<Action<ClusterMemberStatusChangedEventArgs<RaftSdkClusterMember>>> _statusChanged;

    internal RaftSdkClusterMember(RaftSdkCluster cluster, DotNextRaftClient client, EndPoint endPoint)
    {
        _cluster = cluster;
        _client = client;
        EndPoint = endPoint;
        Address = PeerAddresses.Format(endPoint);
        _id = ClusterMemberId.FromEndPoint(endPoint);
        IsRemote = _id != cluster.LocalMemberId;
    }

    /// <summary>The member's address, <c>host:port</c>, as the client calls it.</summary>
    public string Address { get; }

    /// <inheritdoc />
    public EndPoint EndPoint { get; }

    /// <inheritdoc />
    public ClusterMemberId Id => _id;

    /// <inheritdoc />
    public bool IsLeader => ReferenceEquals(_cluster.Leader, this);

    /// <inheritdoc />
    public bool IsRemote { get; }

    /// <inheritdoc />
    public ClusterMemberStatus Status
    {
        get => IsRemote ? _status : ClusterMemberStatus.Available;
#pragma warning disable CS0420 // DotNext's helper writes the volatile field through a ref, as its own members do
        private set => IClusterMember.OnMemberStatusChanged(this, ref _status, value, _statusChanged);
#pragma warning restore CS0420
    }

    /// <summary>Raised when the member becomes available or unavailable.</summary>
    public event Action<ClusterMemberStatusChangedEventArgs<RaftSdkClusterMember>> MemberStatusChanged
    {
        add => _statusChanged += value;
        remove => _statusChanged -= value;
    }

    event Action<ClusterMemberStatusChangedEventArgs> IClusterMember.MemberStatusChanged
    {
        add => _statusChanged += value;
        remove => _statusChanged -= value;
    }

    ref IRaftClusterMember.ReplicationState IRaftClusterMember.State => ref _state;

    /// <inheritdoc />
    public ValueTask CancelPendingRequestsAsync()
    {
        CancellationTokenSource old = Interlocked.Exchange(ref _pending, new CancellationTokenSource());
        old.Cancel();
        old.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public Task<Result<bool>> VoteAsync(long term, long lastLogIndex, long lastLogTerm, CancellationToken token)
    {
        if (!IsRemote)
        {
            return Task.FromResult(new Result<bool> { Term = term, Value = true });
        }

        return CallAsync(
            async (address, ct) =>
            {
                VoteReply reply = await _client.VoteAsync(address, new VoteRequest(_cluster.LocalMemberIdBytes, term, lastLogIndex, lastLogTerm, _cluster.StateVersion), ct).ConfigureAwait(false);
                return new Result<bool> { Term = reply.Term, Value = reply.Granted };
            },
            token);
    }

    /// <inheritdoc />
    public Task<Result<PreVoteResult>> PreVoteAsync(long term, long lastLogIndex, long lastLogTerm, CancellationToken token)
    {
        if (!IsRemote)
        {
            return Task.FromResult(new Result<PreVoteResult> { Term = term, Value = PreVoteResult.Accepted });
        }

        return CallAsync(
            async (address, ct) =>
            {
                PreVoteReply reply = await _client.PreVoteAsync(address, new VoteRequest(_cluster.LocalMemberIdBytes, term, lastLogIndex, lastLogTerm, _cluster.StateVersion), ct).ConfigureAwait(false);
                return new Result<PreVoteResult> { Term = reply.Term, Value = (PreVoteResult)reply.Result };
            },
            token);
    }

    /// <inheritdoc />
    public Task<Result<ReplicationStatus>> AppendEntriesAsync<TEntry, TList>(long term, TList entries, long prevLogIndex, long prevLogTerm, long commitIndex, CancellationToken token)
        where TEntry : IRaftLogEntry
        where TList : IReadOnlyList<TEntry>
    {
        if (!IsRemote)
        {
            return Task.FromResult(new Result<ReplicationStatus>
            {
                Term = term,
                Value = new ReplicationStatus { LastIndex = prevLogIndex + entries.Count, Result = HeartbeatResult.ReplicatedWithLeaderTerm },
            });
        }

        return CallAsync(
            async (address, ct) =>
            {
                WireLogEntry[] wire = await OutgoingEntries.ToWireAsync<TEntry, TList>(entries, ct).ConfigureAwait(false);
                var request = new AppendEntriesRequest(_cluster.LocalMemberIdBytes, term, prevLogIndex, prevLogTerm, commitIndex, _cluster.StateVersion, wire);
                AppendEntriesReply reply = await _client.AppendEntriesAsync(address, request, ct).ConfigureAwait(false);
                return new Result<ReplicationStatus>
                {
                    Term = reply.Term,
                    Value = new ReplicationStatus { LastIndex = reply.LastIndex, Result = (HeartbeatResult)reply.Result },
                };
            },
            token);
    }

    /// <inheritdoc />
    public Task<Result<HeartbeatResult>> InstallSnapshotAsync(long term, IRaftLogEntry snapshot, long snapshotIndex, IDataTransferObject configuration, long configurationVersion, CancellationToken token)
    {
        if (!IsRemote)
        {
            return Task.FromResult(new Result<HeartbeatResult> { Term = term, Value = HeartbeatResult.ReplicatedWithLeaderTerm });
        }

        return CallAsync((address, ct) => SendSnapshotAsync(address, term, snapshot, snapshotIndex, configuration, configurationVersion, ct), token);
    }

    // The snapshot is written by DotNext into a pipe whose reader is the request body, so neither
    // side holds it whole: the pipe pauses DotNext's writer at SnapshotPipeThreshold unsent bytes,
    // and the client reads the pipe only as fast as the peer takes the body. A failure of the
    // writer completes the pipe with it, which fails the send (and the call) with that exception.
    private async Task<Result<HeartbeatResult>> SendSnapshotAsync(
        string address, long term, IRaftLogEntry snapshot, long snapshotIndex, IDataTransferObject configuration, long configurationVersion, CancellationToken token)
    {
        ReadOnlyMemory<byte> config = await OutgoingEntries.PayloadAsync(configuration, token).ConfigureAwait(false);
        var header = new SnapshotHeader(
            _cluster.LocalMemberIdBytes,
            term,
            snapshotIndex,
            snapshot.Term,
            config,
            configurationVersion,
            _cluster.StateVersion,
            snapshot.Length.HasValue,
            snapshot.Length.GetValueOrDefault());
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: SnapshotPipeThreshold, resumeWriterThreshold: SnapshotPipeThreshold / 2, useSynchronizationContext: false));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task writing = WriteSnapshotAsync(snapshot, pipe.Writer, stop.Token);
        try
        {
            await using Stream body = pipe.Reader.AsStream();
            SnapshotReply reply = await _client.InstallSnapshotAsync(address, header, body, token).ConfigureAwait(false);
            return new Result<HeartbeatResult> { Term = reply.Term, Value = (HeartbeatResult)reply.Result };
        }
        finally
        {
            stop.Cancel(); // the peer answered (or the call failed) before reading everything: stop the writer
            await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task WriteSnapshotAsync(IRaftLogEntry snapshot, PipeWriter writer, CancellationToken token)
    {
        try
        {
            await snapshot.WriteToAsync(writer, token: token).ConfigureAwait(false);
            await writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await writer.CompleteAsync(exception).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task<long?> SynchronizeAsync(long commitIndex, CancellationToken token)
    {
        if (!IsRemote)
        {
            return Task.FromResult<long?>(null);
        }

        return CallAsync<long?>(
            async (address, ct) =>
            {
                SynchronizeReply reply = await _client.SynchronizeAsync(address, new SynchronizeRequest(_cluster.LocalMemberIdBytes, commitIndex), ct).ConfigureAwait(false);
                return reply.HasCommitIndex ? reply.CommitIndex : null;
            },
            token);
    }

    /// <inheritdoc />
    public Task<bool> ResignAsync(CancellationToken token) =>
        CallAsync(
            async (address, ct) => (await _client.ResignAsync(address, new SenderOnly(_cluster.LocalMemberIdBytes), ct).ConfigureAwait(false)).Resigned,
            token);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<string, string>> GetMetadataAsync(bool refresh = false, CancellationToken token = default)
    {
        if (!IsRemote)
        {
            return _cluster.Metadata;
        }

        if (_metadata is null || refresh)
        {
            _metadata = await CallAsync<IReadOnlyDictionary<string, string>>(
                async (address, ct) =>
                {
                    MetadataReply reply = await _client.GetMetadataAsync(address, new SenderOnly(_cluster.LocalMemberIdBytes), ct).ConfigureAwait(false);
                    return reply.Entries.ToFrozenDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
                },
                token).ConfigureAwait(false);
        }

        return _metadata;
    }

    /// <summary>Marks the member available: a request from it arrived.</summary>
    internal void Touch() => Status = ClusterMemberStatus.Available;

    /// <inheritdoc />
    public override string ToString() => Address;

    /// <inheritdoc />
    public void Dispose() => _pending.Dispose();

    private async Task<T> CallAsync<T>(Func<string, CancellationToken, Task<T>> call, CancellationToken token)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, _pending.Token);
        try
        {
            T result = await call(Address, linked.Token).ConfigureAwait(false);
            Touch();
            return result;
        }
        catch (RaftTransportException exception) // RaftStatusException too: a peer answering 503 before its cluster is attached
        {
            throw Unavailable(exception);
        }
        catch (OperationCanceledException exception) when (!token.IsCancellationRequested)
        {
            throw Unavailable(exception);
        }
    }

    private MemberUnavailableException Unavailable(Exception exception)
    {
        Status = ClusterMemberStatus.Unavailable;
        return new MemberUnavailableException(this, $"{Address} is unavailable: {exception.Message}", exception);
    }
}
