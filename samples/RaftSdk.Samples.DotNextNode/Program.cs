using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using DotNext.Net.Cluster.Consensus.Raft;
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
using RaftSdk.Samples.ClusterNode.Hosting;
using RaftSdk.Samples.DotNextNode.Api;
using RaftSdk.Samples.DotNextNode.Diagnostics;
using RaftSdk.Samples.DotNextNode.StateMachine;
using RaftSdk.Samples.DotNextNode.Transports;

// One node of the sample cluster on DotNext's Raft: over the RaftSdk contract of RaftSdk.DotNext,
// or (--transport http|tcp) over DotNext's own transports, for side-by-side figures. The command
// line, HTTP API and stdout @event lines are the changeagent node's (the launcher drives both
// alike); logs go to stderr.
const string ExtraUsage = """
      --snapshot-every <n>       take a snapshot (and compact the log) every n applied entries (default 500)

    """ + TransportKinds.Usage;
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(NodeSettings.Usage.Replace("RaftSdk.Samples.ClusterNode", "RaftSdk.Samples.DotNextNode", StringComparison.Ordinal) + ExtraUsage);
    return 0;
}

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
builder.Configuration.AddEnvironmentVariables("RAFTNODE_").AddCommandLine(args);
NodeSettings settings;
int snapshotEvery;
TransportKind transportKind;
try
{
    settings = NodeSettings.From(builder.Configuration);
    snapshotEvery = builder.Configuration["snapshot-every"] is { Length: > 0 } text
        ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int every) && every > 0 ? every : throw new SettingsException($"--snapshot-every: '{text}' is not a positive integer.")
        : 500;
    transportKind = TransportKinds.Parse(builder.Configuration["transport"]);
}
catch (Exception exception) when (exception is SettingsException or ArgumentException)
{
    Console.Error.WriteLine($"error: {exception.Message}");
    Console.Error.WriteLine(NodeSettings.Usage + ExtraUsage);
    return 2;
}

if (NodeTransport.Problems(transportKind, settings) is { Count: > 0 } problems)
{
    foreach (string problem in problems)
    {
        Console.Error.WriteLine($"error: {problem}");
    }

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

// The log exists before the host: DotNext's HTTP transport starts its member with the host.
await using var stateMachine = new KvStateMachine(new DirectoryInfo(Path.Combine(settings.DataDirectory, "snapshots")), snapshotEvery);
await stateMachine.RestoreAsync();
await using var log = new WriteAheadLog(new WriteAheadLog.Options { Location = Path.Combine(settings.DataDirectory, "wal") }, stateMachine);
await log.InitializeAsync();

void OnCreated(IRaftCluster cluster) => cluster.LeaderChanged += (member, leader) =>
{
    if (leader is { IsRemote: false })
    {
        EventLine.Leader(settings.Id, (ulong)((IRaftCluster)member).Term);
    }
};

NodeTransport transport = NodeTransport.Create(transportKind, settings, log, OnCreated);
transport.Configure(builder);
WebApplication app = builder.Build();
ILoggerFactory loggerFactory = app.Services.GetRequiredService<ILoggerFactory>();
ILogger logger = loggerFactory.CreateLogger($"node{settings.Id}");
transport.Map(app);
using var phases = new WritePhases();
using var writes = new KvWrites(() => transport.Cluster, log, stateMachine, settings.RequestTimeout * 3, phases);
var ids = new Dictionary<string, ulong>(StringComparer.Ordinal);
HttpApi.Map(app, settings.Id, () => transport.Cluster, log, stateMachine, writes, phases, address => ids.GetValueOrDefault(address));
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

string httpAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
    .First(address => new Uri(address).Port != settings.RaftPort || settings.RaftPort == settings.HttpPort)).Authority;
foreach ((ulong peer, string address) in settings.Peers)
{
    ids[address] = peer;
}

await transport.StartAsync(app, httpAddress, loggerFactory);
ids[transport.RaftAddress] = settings.Id;
logger.LogInformation("Node {Id} on DotNext over {Transport}: Raft on {Raft}, HTTP API on {Http}, peers {Peers}, snapshot every {Every} entries",
    settings.Id, transport.Description, transport.RaftAddress, httpAddress, string.Join(", ", settings.Peers.Values), snapshotEvery);
ParentWatch.Start(settings.ExitWithProcessId, app.Lifetime, logger);
EventLine.Ready(settings.Id, transport.RaftAddress, httpAddress);
await app.WaitForShutdownAsync();
await transport.StopAsync();
return 0;
