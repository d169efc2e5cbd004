using System;
using System.Net;
using System.Threading.Tasks;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.Membership;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using RaftSdk.DotNext.Cluster;
using RaftSdk.Samples.ClusterNode.Hosting;
using RaftSdk.Samples.DotNextNode.Api;

namespace RaftSdk.Samples.DotNextNode.Transports;

/// <summary>
/// DotNext over its own TCP transport (DotNext.Net.Cluster's <see cref="RaftCluster"/> with
/// <see cref="RaftCluster.TcpConfiguration"/>): its own listener on the Raft port, plain; the
/// per-call limit is <c>--request-timeout-ms</c>, as RaftSdk's.
/// </summary>
internal sealed class DotNextTcpTransport(NodeSettings settings, IPersistentState log, Action<IRaftCluster> created)
    : NodeTransport(settings, log, created)
{
    private RaftCluster? _cluster;

    public override string Description => "DotNext TCP (DotNext.Net.Cluster)";

    public override void Configure(WebApplicationBuilder builder)
    {
    }

    public override async Task StartAsync(WebApplication app, string httpAddress, ILoggerFactory loggerFactory)
    {
        RaftAddress = OwnAddress(Settings.RaftPort);
        var configuration = new RaftCluster.TcpConfiguration(new(Settings.Bind, Settings.RaftPort))
        {
            ConfigurationStorage = null, // DotNext's in-memory storage, as RaftSdk.DotNext keeps membership
            ColdStart = false,
            LowerElectionTimeout = Timings.LowerElectionTimeout,
            UpperElectionTimeout = Timings.UpperElectionTimeout,
            HeartbeatThreshold = Timings.HeartbeatThreshold,
            RequestTimeout = Timings.RequestTimeout,
            LoggerFactory = loggerFactory,
        };
        configuration.Metadata[KvWrites.HttpMetadataKey] = httpAddress;
        if (configuration.ConfigurationStorage is not InMemoryClusterConfigurationStorage<EndPoint> storage)
        {
            throw new InvalidOperationException("DotNext's TCP configuration did not make its in-memory membership storage; this DotNext version is not the one the sample was written for.");
        }

        InMemoryClusterConfigurationStorage<EndPoint>.Builder members = storage.CreateInitialConfigurationBuilder();
        foreach (string address in AllMembers(Settings.RaftPort))
        {
            members.Add(PeerAddresses.Parse(address));
        }

        members.Build();
        _cluster = new RaftCluster(configuration) { AuditTrail = Log };
        Created(_cluster);
        await _cluster.StartAsync().ConfigureAwait(false);
    }

    public override async Task StopAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAsync().ConfigureAwait(false);
            _cluster.Dispose();
        }
    }
}
