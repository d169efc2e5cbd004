using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DotNext.Net.Cluster.Consensus.Raft;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RaftSdk.DotNext.Cluster;
using RaftSdk.DotNext.Contract;
using RaftSdk.DotNext.Hosting;
using RaftSdk.Hosting;
using RaftSdk.Samples.ClusterNode.Hosting;
using RaftSdk.Samples.DotNextNode.Api;

namespace RaftSdk.Samples.DotNextNode.Transports;

/// <summary>
/// DotNext over the RaftSdk contract (RaftSdk.DotNext): RaftSdk's listener on the Raft port, its
/// client, timeouts and mutual TLS; the member is made once the listener knows its port (port 0 works).
/// </summary>
internal sealed class RaftSdkTransport(NodeSettings settings, IPersistentState log, Action<IRaftCluster> created)
    : NodeTransport(settings, log, created)
{
    private RaftSdkCluster? _cluster;

    public override string Description => Settings.TlsDirectory is null ? "RaftSdk" : "RaftSdk (mutual TLS)";

    public override void Configure(WebApplicationBuilder builder)
    {
        // The Raft port, bind address, timeout and mutual TLS are RaftSdk's own settings.
        var raftSdk = new Dictionary<string, string?>
        {
            ["RaftSdk:Port"] = Settings.RaftPort.ToString(CultureInfo.InvariantCulture),
            ["RaftSdk:BindAddress"] = Settings.Bind.ToString(),
            ["RaftSdk:RequestTimeout"] = Settings.RequestTimeout.ToString("c", CultureInfo.InvariantCulture),
            // The cluster's settings (RaftSdk:Cluster, checked when the host starts); the members and
            // this node's address are known once the listener has its port.
            ["RaftSdk:Cluster:LowerElectionTimeout"] = Timings.LowerElectionTimeout.ToString(CultureInfo.InvariantCulture),
            ["RaftSdk:Cluster:UpperElectionTimeout"] = Timings.UpperElectionTimeout.ToString(CultureInfo.InvariantCulture),
            ["RaftSdk:Cluster:HeartbeatThreshold"] = Timings.HeartbeatThreshold.ToString("R", CultureInfo.InvariantCulture),
        };
        if (Settings.TlsDirectory is { } tls)
        {
            raftSdk["RaftSdk:Tls:KeyFile"] = Path.Combine(tls, "key.pem");
            raftSdk["RaftSdk:Tls:CertificateFile"] = Path.Combine(tls, "cert.pem");
            raftSdk["RaftSdk:Tls:CaFile"] = Path.Combine(tls, "ca.pem");
        }

        builder.Configuration.AddInMemoryCollection(raftSdk);
        builder.Services.AddRaftSdk(builder.Configuration).AddDotNextCluster(builder.Configuration);
    }

    public override async Task StartAsync(WebApplication app, string httpAddress, ILoggerFactory loggerFactory)
    {
        int port = app.Services.GetRequiredService<RaftListenerService>().Port;
        RaftAddress = OwnAddress(port);
        _cluster = app.Services.CreateDotNextMember(Log, options =>
        {
            options.PublicAddress = RaftAddress;
            options.Members = AllMembers(port).ToList();
            options.Metadata[KvWrites.HttpMetadataKey] = httpAddress;
        });
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
