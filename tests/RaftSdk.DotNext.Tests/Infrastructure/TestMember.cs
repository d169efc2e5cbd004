using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.Extensions.Logging;
using RaftSdk.DotNext.Cluster;
using RaftSdk.DotNext.Contract;

namespace RaftSdk.DotNext.Tests.Infrastructure;

/// <summary>One DotNext member with a write-ahead log and a <see cref="RecordingStateMachine"/> in a folder of its own.</summary>
internal sealed class TestMember : IAsyncDisposable
{
    // Wide enough for a 2-core machine shared with other builds: a member must not time out
    // between heartbeats (20% of the lower bound) when the scheduler is slow (load averages of 40 were seen).
    public const int LowerElectionTimeout = 1000;
    public const int UpperElectionTimeout = 2000;

    private readonly string _directory;

    private TestMember(string address, string directory, RecordingStateMachine stateMachine, WriteAheadLog log, RaftSdkCluster cluster)
    {
        Address = address;
        _directory = directory;
        StateMachine = stateMachine;
        Log = log;
        Cluster = cluster;
    }

    public string Address { get; }

    public RecordingStateMachine StateMachine { get; }

    /// <summary>Where DotNext keeps this member's snapshot files (named <c>index-term</c>).</summary>
    public string SnapshotDirectory => Path.Combine(_directory, "snapshots");

    public WriteAheadLog Log { get; }

    public RaftSdkCluster Cluster { get; }

    public bool IsLeader => Cluster.Leader is { IsRemote: false };

    public static async Task<TestMember> CreateAsync(
        string address, IEnumerable<string> members, DotNextRaftClient client, int snapshotEvery = 1000, ILoggerFactory? loggerFactory = null, long? maxSnapshotSize = null, long snapshotFillerBytes = 0)
    {
        string directory = Path.Combine(Path.GetTempPath(), "raftsdk-dotnext-" + Guid.NewGuid().ToString("N"));
        var stateMachine = new RecordingStateMachine(new DirectoryInfo(Path.Combine(directory, "snapshots")), snapshotEvery, snapshotFillerBytes);
        await stateMachine.RestoreAsync();
        var log = new WriteAheadLog(new WriteAheadLog.Options { Location = Path.Combine(directory, "wal") }, stateMachine);
        await log.InitializeAsync();
        var options = new RaftSdkClusterOptions
        {
            PublicAddress = address,
            Members = members.ToList(),
            LowerElectionTimeout = LowerElectionTimeout,
            UpperElectionTimeout = UpperElectionTimeout,
            HeartbeatThreshold = 0.2,
            WarmupRounds = 3,
        };
        if (maxSnapshotSize is long most)
        {
            options.MaxSnapshotSize = most;
        }

        loggerFactory ??= Environment.GetEnvironmentVariable("RAFTSDK_TEST_LOG") is "1"
            ? LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "ss.fff "; }).SetMinimumLevel(LogLevel.Debug))
            : null;
        return new TestMember(address, directory, stateMachine, log, new RaftSdkCluster(options, client, log, loggerFactory));
    }

    /// <summary>Appends <paramref name="value"/> through this member, which must be the leader, and waits for it to commit.</summary>
    public async Task WriteAsync(string value)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Cluster.ReplicateAsync(new BinaryLogEntry { Term = Cluster.AuditTrail.Term, Content = Encoding.UTF8.GetBytes(value) }, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAsync();
        Cluster.Dispose();
        await Log.DisposeAsync();
        await StateMachine.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
