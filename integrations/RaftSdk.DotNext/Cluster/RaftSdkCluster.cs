using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using DotNext.Net.Cluster;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.Membership;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RaftSdk.DotNext.Contract;

namespace RaftSdk.DotNext.Cluster;

/// <summary>
/// A DotNext <see cref="RaftCluster{TMember}"/> whose members talk over the RaftSdk contract
/// <see cref="IDotNextRaft"/>: it calls peers through <see cref="RaftSdkClusterMember"/> and
/// serves their calls as the contract's implementation (serve it with
/// <c>DotNextRaftDispatcher.Routes</c>; <see cref="Hosting.DotNextClusterHostingExtensions.AddDotNextCluster(RaftSdk.Hosting.IRaftSdkBuilder)"/> does).
/// Election, replication, the write-ahead log, snapshots, PreVote and membership are DotNext's.
/// </summary>
public sealed partial class RaftSdkCluster : RaftCluster<RaftSdkClusterMember>
{
    private readonly DotNextRaftClient _client;
    private readonly ClusterMemberId _localId;
    private readonly AddressConfigurationStorage _configuration;
    private readonly Channel<IClusterConfiguration<EndPoint>> _configurationEvents =
        Channel.CreateUnbounded<IClusterConfiguration<EndPoint>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private Task _configurationLoop = Task.CompletedTask;

    /// <summary>Creates the local member; <see cref="StartAsync"/> joins it to the cluster.</summary>
    /// <param name="options">The cluster settings (checked here).</param>
    /// <param name="client">The generated client this member calls its peers with.</param>
    /// <param name="state">The log and state machine: DotNext's <c>WriteAheadLog</c>, or <c>ConsensusOnlyState</c> for consensus alone.</param>
    /// <param name="loggerFactory">Logs DotNext's consensus events under <c>RaftSdk.DotNext</c>.</param>
    /// <exception cref="ArgumentException">The settings are not valid; the message lists every problem.</exception>
    [SetsRequiredMembers] // AuditTrail, which DotNext's base class requires, is set from state
    public RaftSdkCluster(RaftSdkClusterOptions options, DotNextRaftClient client, IPersistentState state, ILoggerFactory? loggerFactory = null)
        : base(CheckedOptions(options), MeasurementTags(options))
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(state);
        Options = options;
        _client = client;
        LocalMemberAddress = PeerAddresses.Parse(options.PublicAddress);
        _localId = ClusterMemberId.FromEndPoint(LocalMemberAddress);
        LocalMemberIdBytes = PeerAddresses.ToBytes(_localId);
        Metadata = options.Metadata.ToFrozenDictionary(StringComparer.Ordinal);
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("RaftSdk.DotNext");
        AuditTrail = state;
        _configuration = new AddressConfigurationStorage(options.Members.Select(PeerAddresses.Parse));
    }

    /// <summary>The settings this member was made with.</summary>
    public RaftSdkClusterOptions Options { get; }

    /// <summary>This member's address as its peers call it.</summary>
    public EndPoint LocalMemberAddress { get; }

    /// <summary>This member's id (derived from <see cref="LocalMemberAddress"/>).</summary>
    public ClusterMemberId LocalMemberId => _localId;

    /// <summary>This member's metadata, as <c>GetMetadataAsync</c> answers it.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    internal byte[] LocalMemberIdBytes { get; }

    internal int StateVersion => AuditTrail.Version;

    /// <inheritdoc />
    protected override ILogger Logger { get; }

    /// <summary>Loads the membership, starts DotNext's state machine as a follower and begins serving.</summary>
    /// <param name="token">Cancels the start.</param>
    /// <returns>The start.</returns>
    public override async Task StartAsync(CancellationToken token = default)
    {
        IRaftCluster.SetConfigurationStorage(AuditTrail, _configuration);
        IClusterConfiguration<EndPoint> configuration = await ((IClusterConfigurationStorage<EndPoint>)_configuration).LoadConfigurationAsync(token).ConfigureAwait(false);
        await ApplyConfigurationAsync(configuration, token).ConfigureAwait(false);
        _configuration.ConfigurationChanged += _configurationEvents.Writer.WriteAsync;
        _configurationLoop = FollowConfigurationAsync();
        await base.StartAsync(token).ConfigureAwait(false);
        StartFollowing();
    }

    /// <summary>Stops taking part in the cluster (the listener keeps answering 500 until the host stops).</summary>
    /// <param name="token">Cancels the stop.</param>
    /// <returns>The stop.</returns>
    public override async Task StopAsync(CancellationToken token = default)
    {
        if (LifecycleToken.IsCancellationRequested)
        {
            return;
        }

        try
        {
            _configuration.ConfigurationChanged -= _configurationEvents.Writer.WriteAsync;
            _configurationEvents.Writer.TryComplete();
            await _configurationLoop.ConfigureAwait(false);
        }
        finally
        {
            await base.StopAsync(token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Adds a member at run time (on the leader): it gets <see cref="RaftSdkClusterOptions.WarmupRounds"/>
    /// rounds of replication to catch up, then the new configuration is committed.
    /// </summary>
    /// <param name="address">The new member, <c>host:port</c>.</param>
    /// <param name="token">Cancels the change.</param>
    /// <returns>True when the configuration with the member was committed.</returns>
    /// <exception cref="NotLeaderException">This member is not the leader.</exception>
    public async Task<bool> AddMemberAsync(string address, CancellationToken token = default)
    {
        using RaftSdkClusterMember member = CreateMember(PeerAddresses.Parse(address));
        return await AddMemberAsync(member, Options.WarmupRounds, _configuration, static m => m.EndPoint, token).ConfigureAwait(false);
    }

    /// <summary>Removes a member at run time (on the leader).</summary>
    /// <param name="address">The member, <c>host:port</c>.</param>
    /// <param name="token">Cancels the change.</param>
    /// <returns>True when the configuration without the member was committed.</returns>
    /// <exception cref="NotLeaderException">This member is not the leader.</exception>
    public Task<bool> RemoveMemberAsync(string address, CancellationToken token = default) =>
        RemoveMemberAsync(ClusterMemberId.FromEndPoint(PeerAddresses.Parse(address)), _configuration, static m => m.EndPoint, token);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _configurationEvents.Writer.TryComplete();
            _configuration.Dispose();
        }

        base.Dispose(disposing);
    }

    private static RaftSdkClusterOptions CheckedOptions(RaftSdkClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = options.Validate();
        return problems.Count == 0 ? options : throw new ArgumentException("The cluster settings are not valid: " + string.Join("; ", problems) + ".", nameof(options));
    }

    private static TagList MeasurementTags(RaftSdkClusterOptions options) => new() { { "dotnext.raft.server.address", options?.PublicAddress } };

    private RaftSdkClusterMember CreateMember(EndPoint address) => new(this, _client, address);

    private async Task FollowConfigurationAsync()
    {
        try
        {
            await foreach (IClusterConfiguration<EndPoint> configuration in _configurationEvents.Reader.ReadAllAsync(LifecycleToken).ConfigureAwait(false))
            {
                await ApplyConfigurationAsync(configuration, LifecycleToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (LifecycleToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    // The members DotNext knows follow the committed configuration: new addresses get a member,
    // addresses no longer in it lose theirs.
    private async ValueTask ApplyConfigurationAsync(IClusterConfiguration<EndPoint> configuration, CancellationToken token)
    {
        ConfigurationChangeScope scope = await ChangeConfigurationAsync(token).ConfigureAwait(false);
        try
        {
            foreach (RaftSdkClusterMember member in scope.Members.Values)
            {
                if (!configuration.Members.Contains(member.EndPoint))
                {
                    scope.MarkAsRemoved(member);
                }
            }

            ImmutableHashSet<EndPoint> known = ImmutableHashSet.CreateRange(EndPointComparer, scope.Members.Values.Select(m => m.EndPoint));
            foreach (EndPoint address in configuration.Members)
            {
                if (!known.Contains(address))
                {
                    scope.MarkAsAdded(CreateMember(address));
                }
            }
        }
        finally
        {
            await scope.DisposeAsync().ConfigureAwait(false);
        }
    }
}
