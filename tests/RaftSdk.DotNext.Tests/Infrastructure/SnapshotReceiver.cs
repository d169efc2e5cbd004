using System;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using DotNext.IO;
using DotNext.Net.Cluster;
using RaftSdk.DotNext.Cluster;
using RaftSdk.DotNext.Contract;
using RaftSdk.Hosting;
using RaftSdk.Server;
using RaftSdk.Transport;

namespace RaftSdk.DotNext.Tests.Infrastructure;

/// <summary>
/// One DotNext member on a Kestrel listener of its own (127.0.0.1, port 0) whose only peer,
/// <see cref="Leader"/>, is an address nothing answers at: the test plays that leader and sends
/// InstallSnapshot itself with the generated client, so it picks the body (its bytes, its length,
/// where it breaks). The member is served through <see cref="ObservedMember"/>, which reports how
/// each InstallSnapshot handler ended, so a test waits for the server side to finish rather than
/// for a fixed time.
/// </summary>
internal sealed class SnapshotReceiver : IAsyncDisposable
{
    /// <summary>The absent leader: port 1 on the loopback refuses at once.</summary>
    public const string Leader = "127.0.0.1:1";

    private readonly RaftListener _listener;
    private readonly RaftClientCore _core;

    private SnapshotReceiver(RaftListener listener, RaftClientCore core, TestMember member, ObservedMember observed)
    {
        _listener = listener;
        _core = core;
        Member = member;
        Observed = observed;
        Client = new DotNextRaftClient(core);
    }

    public TestMember Member { get; }

    public ObservedMember Observed { get; }

    /// <summary>The client the test sends snapshots with (the leader's side).</summary>
    public DotNextRaftClient Client { get; }

    public string Address => "127.0.0.1:" + _listener.Port;

    public static async Task<SnapshotReceiver> StartAsync(long maxSnapshotSize)
    {
        ObservedMember? observed = null;
        var endpoint = new RaftEndpoint<IDotNextRaft>(
            DotNextRaftDispatcher.Routes,
            new RaftServerOptions { ContentType = DotNextRaftDispatcher.ContentType },
            () => Volatile.Read(ref observed));
        RaftListener listener = await RaftListener.StartAsync(endpoint.HandleAsync, new RaftListenerOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        var core = new RaftClientCore(new RaftClientOptions { ContentType = DotNextRaftClient.ContentType, Timeout = TimeSpan.FromSeconds(10) });
        string address = "127.0.0.1:" + listener.Port;
        TestMember member = await TestMember.CreateAsync(address, [address, Leader], new DotNextRaftClient(core), maxSnapshotSize: maxSnapshotSize);
        Volatile.Write(ref observed, new ObservedMember(member.Cluster));
        await member.Cluster.StartAsync();
        return new SnapshotReceiver(listener, core, member, observed!);
    }

    /// <summary>The header of a snapshot from <see cref="Leader"/> in term 1, carrying the member's own configuration.</summary>
    public async Task<SnapshotHeader> HeaderAsync(long snapshotIndex, long? length)
    {
        (IDataTransferObject active, long version) = await Member.Log.ConfigurationStorage!.LoadConfigurationAsync();
        byte[] configuration = await active.ToByteArrayAsync();
        byte[] sender = new byte[ClusterMemberId.Size];
        ClusterMemberId.FromEndPoint(PeerAddresses.Parse(Leader)).Format(sender);
        return new SnapshotHeader(sender, Term: 1, snapshotIndex, SnapshotTerm: 1, configuration, version, StateVersion: 0, length.HasValue, length.GetValueOrDefault());
    }

    /// <summary>How the member's next InstallSnapshot handler ended: null when it answered, else what it threw (bounded wait).</summary>
    public async Task<Exception?> NextInstallAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await Observed.Installs.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await Member.DisposeAsync();
        await _listener.DisposeAsync();
        _core.Dispose();
    }
}

/// <summary>The member's contract, passed through, with the end of each InstallSnapshot handler reported.</summary>
internal sealed class ObservedMember : IDotNextRaft
{
    private readonly IDotNextRaft _member;
    private readonly Channel<Exception?> _installs = Channel.CreateUnbounded<Exception?>();

    public ObservedMember(RaftSdkCluster member) => _member = member;

    public ChannelReader<Exception?> Installs => _installs.Reader;

    public async Task<SnapshotReply> InstallSnapshotAsync(SnapshotHeader header, Stream body, CancellationToken cancellationToken)
    {
        try
        {
            SnapshotReply reply = await _member.InstallSnapshotAsync(header, body, cancellationToken);
            _installs.Writer.TryWrite(null);
            return reply;
        }
        catch (Exception exception)
        {
            _installs.Writer.TryWrite(exception);
            throw;
        }
    }

    public Task<VoteReply> VoteAsync(VoteRequest request, CancellationToken cancellationToken) => _member.VoteAsync(request, cancellationToken);

    public Task<PreVoteReply> PreVoteAsync(VoteRequest request, CancellationToken cancellationToken) => _member.PreVoteAsync(request, cancellationToken);

    public Task<AppendEntriesReply> AppendEntriesAsync(AppendEntriesRequest request, CancellationToken cancellationToken) => _member.AppendEntriesAsync(request, cancellationToken);

    public Task<ResignReply> ResignAsync(SenderOnly request, CancellationToken cancellationToken) => _member.ResignAsync(request, cancellationToken);

    public Task<SynchronizeReply> SynchronizeAsync(SynchronizeRequest request, CancellationToken cancellationToken) => _member.SynchronizeAsync(request, cancellationToken);

    public Task<MetadataReply> GetMetadataAsync(SenderOnly request, CancellationToken cancellationToken) => _member.GetMetadataAsync(request, cancellationToken);
}
