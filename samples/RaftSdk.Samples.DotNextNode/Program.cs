using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using RaftSdk.DotNext.Cluster;
using RaftSdk.DotNext.Hosting;
using RaftSdk.Hosting;
using RaftSdk.Samples.ClusterNode.Hosting;
using RaftSdk.Samples.DotNextNode.Api;
using RaftSdk.Samples.DotNextNode.StateMachine;

// One node of the sample cluster on DotNext's Raft, over the RaftSdk contract of RaftSdk.DotNext.
// The command line, HTTP API and stdout @event lines are the changeagent node's (the launcher
// drives both alike); logs go to stderr.
const string ExtraUsage = """
      --snapshot-every <n>       take a snapshot (and compact the log) every n applied entries (default 500)
    """;
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(NodeSettings.Usage.Replace("RaftSdk.Samples.ClusterNode", "RaftSdk.Samples.DotNextNode", StringComparison.Ordinal) + ExtraUsage);
    return 0;
}

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
builder.Configuration.AddEnvironmentVariables("RAFTNODE_").AddCommandLine(args);
NodeSettings settings;
int snapshotEvery;
try
{
    settings = NodeSettings.From(builder.Configuration);
    snapshotEvery = builder.Configuration["snapshot-every"] is { Length: > 0 } text
        ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int every) && every > 0 ? every : throw new SettingsException($"--snapshot-every: '{text}' is not a positive integer.")
        : 500;
}
catch (SettingsException exception)
{
    Console.Error.WriteLine($"error: {exception.Message}");
    Console.Error.WriteLine(NodeSettings.Usage + ExtraUsage);
    return 2;
}

builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(options =>
{
    options.SingleLine = true;
    options.TimestampFormat = "HH:mm:ss.fff ";
});
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, settings.HttpPort));

// The Raft port, bind address, timeout and mutual TLS are RaftSdk's own settings.
var raftSdk = new Dictionary<string, string?>
{
    ["RaftSdk:Port"] = settings.RaftPort.ToString(CultureInfo.InvariantCulture),
    ["RaftSdk:BindAddress"] = settings.Bind.ToString(),
    ["RaftSdk:RequestTimeout"] = settings.RequestTimeout.ToString("c", CultureInfo.InvariantCulture),
    // The cluster's settings (RaftSdk:Cluster, checked when the host starts); the members and this
    // node's address are known once the listener has its port.
    ["RaftSdk:Cluster:LowerElectionTimeout"] = ((int)settings.ElectionTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
    ["RaftSdk:Cluster:UpperElectionTimeout"] = ((int)settings.ElectionTimeout.TotalMilliseconds * 2).ToString(CultureInfo.InvariantCulture),
    ["RaftSdk:Cluster:HeartbeatThreshold"] = (settings.Heartbeat / settings.ElectionTimeout).ToString("R", CultureInfo.InvariantCulture),
};
if (settings.TlsDirectory is { } tls)
{
    raftSdk["RaftSdk:Tls:KeyFile"] = Path.Combine(tls, "key.pem");
    raftSdk["RaftSdk:Tls:CertificateFile"] = Path.Combine(tls, "cert.pem");
    raftSdk["RaftSdk:Tls:CaFile"] = Path.Combine(tls, "ca.pem");
}

builder.Configuration.AddInMemoryCollection(raftSdk);
builder.Services.AddRaftSdk(builder.Configuration).AddDotNextCluster(builder.Configuration);
WebApplication app = builder.Build();
ILoggerFactory loggerFactory = app.Services.GetRequiredService<ILoggerFactory>();
ILogger logger = loggerFactory.CreateLogger($"node{settings.Id}");
DotNextClusterHost host = app.Services.GetRequiredService<DotNextClusterHost>();

await using var stateMachine = new KvStateMachine(new DirectoryInfo(Path.Combine(settings.DataDirectory, "snapshots")), snapshotEvery);
await stateMachine.RestoreAsync();
await using var log = new WriteAheadLog(new WriteAheadLog.Options { Location = Path.Combine(settings.DataDirectory, "wal") }, stateMachine);
await log.InitializeAsync();
using var writes = new KvWrites(() => host.Cluster, stateMachine, settings.RequestTimeout * 3);
var ids = new Dictionary<string, ulong>(StringComparer.Ordinal);
HttpApi.Map(app, settings.Id, () => host.Cluster, log, stateMachine, writes, address => ids.GetValueOrDefault(address));
try
{
    await app.StartAsync();
}
catch (OptionsValidationException exception)
{
    Console.Error.WriteLine($"error: {exception.Message}");
    return 2;
}
catch (IOException exception)
{
    Console.Error.WriteLine($"error: cannot listen on 127.0.0.1:{settings.HttpPort} (HTTP API) or {settings.Bind}:{settings.RaftPort} (Raft): {exception.Message}");
    return 3;
}

string httpAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()).Authority;
string raftAddress = $"{settings.Bind}:{app.Services.GetRequiredService<RaftListenerService>().Port}";
ids[raftAddress] = settings.Id;
foreach ((ulong peer, string address) in settings.Peers)
{
    ids[address] = peer;
}

using RaftSdkCluster cluster = app.Services.CreateDotNextMember(log, options =>
{
    options.PublicAddress = raftAddress;
    options.Members = ids.Keys.ToList();
    options.Metadata[KvWrites.HttpMetadataKey] = httpAddress;
});
cluster.LeaderChanged += (member, leader) =>
{
    if (leader is { IsRemote: false })
    {
        EventLine.Leader(settings.Id, (ulong)member.AuditTrail.Term);
    }
};
await cluster.StartAsync();
logger.LogInformation("Node {Id} on DotNext: Raft on {Raft}{Tls}, HTTP API on {Http}, members {Members}, snapshot every {Every} entries",
    settings.Id, raftAddress, settings.TlsDirectory is null ? string.Empty : " (mutual TLS)", httpAddress, string.Join(", ", cluster.Options.Members), snapshotEvery);
ParentWatch.Start(settings.ExitWithProcessId, app.Lifetime, logger);
EventLine.Ready(settings.Id, raftAddress, httpAddress);
await app.WaitForShutdownAsync();
await cluster.StopAsync();
return 0;
