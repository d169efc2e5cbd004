using System;
using System.IO;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using DotNext.Net.Cluster;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using RaftSdk.Samples.DotNextNode.Api;
using RaftSdk.Samples.DotNextNode.Diagnostics;
using RaftSdk.Samples.DotNextNode.StateMachine;
using Xunit;

namespace RaftSdk.Cluster.Tests;

/// <summary>
/// The DotNext node's exactly-once writes without timing races: <see cref="KvWrites"/> on a real
/// write-ahead log and <see cref="KvStateMachine"/>, with a leader (<see cref="GatedLeader"/>) whose
/// ReplicateAsync appends to that log and then waits for its caller, so the test decides when an
/// entry commits. KvWrites runs synchronously up to its first unfinished await, so when
/// <c>WriteAsync</c> returns, a retry has already either joined the write in flight or appended.
/// </summary>
public sealed class KvWritesTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "raftsdk-kvwrites-" + Guid.NewGuid().ToString("N"));
    private KvStateMachine _stateMachine = null!;
    private WriteAheadLog _log = null!;

    public async Task InitializeAsync()
    {
        _stateMachine = new KvStateMachine(new DirectoryInfo(Path.Combine(_directory, "snapshots")), snapshotEvery: 1000);
        await _stateMachine.RestoreAsync();
        _log = new WriteAheadLog(new WriteAheadLog.Options { Location = Path.Combine(_directory, "wal") }, _stateMachine);
        await _log.InitializeAsync();
        await ((IPersistentState)_log).UpdateTermAsync(1, resetLastVote: true); // this node leads term 1
    }

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        await _stateMachine.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_retry_after_the_caller_gave_up_joins_the_write_in_flight_and_the_log_holds_it_once()
    {
        var leader = GatedLeader.Create(_log);
        using var phases = new WritePhases();
        using var writes = new KvWrites(() => leader.Cluster, _log, _stateMachine, TimeSpan.FromSeconds(30), phases);

        // The first attempt reaches the log, then its caller gives up (a client timeout) before it commits.
        using var caller = new CancellationTokenSource();
        Task<IResult> first = writes.WriteAsync("k", "v1", "client-a", 7, caller.Token);
        if (await Task.WhenAny(first, leader.Appended.Task).WaitAsync(TimeSpan.FromSeconds(30)) == first)
        {
            IResult early = await first;
            Assert.Fail("answered before appending: " + System.Text.Json.JsonSerializer.Serialize(((IValueHttpResult)early).Value));
        }

        long index = await leader.Appended.Task;
        caller.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        // The client retries the same write while the first copy is still uncommitted.
        Task<IResult> retry = writes.WriteAsync("k", "v1", "client-a", 7, CancellationToken.None);
        Assert.Equal(1, leader.ReplicateCalls); // joined, not appended a second time
        Assert.False(retry.IsCompleted);

        await _log.CommitAsync(index);
        IResult answer = await retry.WaitAsync(TimeSpan.FromSeconds(30));

        var written = Assert.IsType<JsonHttpResult<WriteResult>>(answer);
        Assert.Equal(new WriteResult(index, Duplicate: true), written.Value);
        Assert.Equal((1L, 1L), (index, _log.LastEntryIndex));
        Assert.Equal(1, leader.ReplicateCalls);
        Assert.True(_stateMachine.TryFindApplied("client-a", 7, out long applied, out bool tooOld));
        Assert.Equal((1L, false), (applied, tooOld));
    }

    /// <summary>
    /// The leader as KvWrites sees it (a DotNext <see cref="IRaftCluster"/>): local, of the log's term (1);
    /// ReplicateAsync appends the entry to the real log, reports its index, and then waits for its
    /// caller's token (it never commits by itself). Other members are not used by KvWrites' leader path.
    /// </summary>
    public class GatedLeader : DispatchProxy
    {
        private WriteAheadLog _log = null!;
        private IClusterMember _self = null!;
        private int _calls;

        public TaskCompletionSource<long> Appended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int ReplicateCalls => Volatile.Read(ref _calls);

        public static GatedLeader Create(WriteAheadLog log)
        {
            IRaftCluster cluster = Create<IRaftCluster, GatedLeader>();
            var leader = (GatedLeader)(object)cluster;
            leader._log = log;
            leader._self = Create<IClusterMember, LocalMember>();
            return leader;
        }

        public IRaftCluster Cluster => (IRaftCluster)(object)this;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
        {
            "get_Leader" => _self,
            "get_AuditTrail" => _log, // DotNext's Term extension reads the log's term
            "ReplicateAsync" when args is [IRaftLogEntry entry, CancellationToken token] => new ValueTask(ReplicateAsync(entry, token)),
            _ => throw new NotSupportedException($"{targetMethod?.Name} is not used by KvWrites' leader path."),
        };

        private async Task ReplicateAsync(IRaftLogEntry entry, CancellationToken token)
        {
            Interlocked.Increment(ref _calls);
            long index = await _log.AppendAsync((BinaryLogEntry)entry, token);
            Appended.TrySetResult(index);
            await Task.Delay(Timeout.Infinite, token);
        }
    }

    /// <summary>The local member: KvWrites only asks whether the leader is remote.</summary>
    public class LocalMember : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
        {
            "get_IsRemote" => false,
            _ => throw new NotSupportedException($"{targetMethod?.Name} is not used by KvWrites' leader path."),
        };
    }
}
