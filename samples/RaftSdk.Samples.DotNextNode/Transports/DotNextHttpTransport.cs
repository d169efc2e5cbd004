using System;
using System.Globalization;
using System.Threading.Tasks;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RaftSdk.Samples.ClusterNode.Hosting;
using RaftSdk.Samples.DotNextNode.Api;

namespace RaftSdk.Samples.DotNextNode.Transports;

/// <summary>
/// DotNext over its own HTTP transport (DotNext.AspNetCore.Cluster): the node's Kestrel listens on
/// the Raft port too and serves DotNext's consensus protocol there only; the cluster is DotNext's
/// hosted service, started with the web host. Its per-call limits (request and RPC timeout) are
/// <c>--request-timeout-ms</c>, as RaftSdk's.
/// </summary>
internal sealed class DotNextHttpTransport(NodeSettings settings, IPersistentState log, Action<IRaftCluster> created)
    : NodeTransport(settings, log, created)
{
    public override string Description => "DotNext HTTP (DotNext.AspNetCore.Cluster)";

    public override void Configure(WebApplicationBuilder builder)
    {
        int raftPort = Settings.RaftPort;
        RaftAddress = OwnAddress(raftPort);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(Settings.Bind, raftPort));
        builder.Services
            .AddSingleton(Log)
            .UseInMemoryConfigurationStorage(members =>
            {
                foreach (string address in AllMembers(raftPort))
                {
                    members.Add(new UriEndPoint(ToUri(address)));
                }
            })
            .ConfigureLocalNode(member =>
            {
                member.PublicEndPoint = ToUri(RaftAddress);
                member.ColdStart = false;
                member.LowerElectionTimeout = Timings.LowerElectionTimeout;
                member.UpperElectionTimeout = Timings.UpperElectionTimeout;
                member.HeartbeatThreshold = Timings.HeartbeatThreshold;
                member.RequestTimeout = Timings.RequestTimeout;
                member.RpcTimeout = Timings.RequestTimeout;
                member.Metadata[KvWrites.HttpMetadataKey] = "127.0.0.1:" + Settings.HttpPort.ToString(CultureInfo.InvariantCulture);
            });
    }

    public override void Map(WebApplication app)
    {
        int raftPort = Settings.RaftPort;
        app.MapWhen(context => context.Connection.LocalPort == raftPort, raft => raft.UseConsensusProtocolHandler());

        // Made now (DotNext starts it with the web host), so the node hears its first leader change.
        Created(app.Services.GetRequiredService<IRaftCluster>());
    }

    public override Task StartAsync(WebApplication app, string httpAddress, ILoggerFactory loggerFactory) => Task.CompletedTask;

    public override Task StopAsync() => Task.CompletedTask; // a hosted service: the web host stops it

    private static Uri ToUri(string address) => new($"http://{address}/", UriKind.Absolute);
}
