using System;
using System.IO;
using System.Linq;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using RaftSdk.ChangeAgent;
using RaftSdk.Samples.ClusterNode.Api;
using RaftSdk.Samples.ClusterNode.Consensus;
using RaftSdk.Samples.ClusterNode.Hosting;
using RaftSdk.Tls;

// One node of the sample cluster. Peers talk Raft to it over the changeagent transport on the Raft
// port; people talk to it over a small HTTP API on 127.0.0.1 (see HttpApi). Logs go to stderr;
// stdout carries only @event lines (EventLine) for the launcher.
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(NodeSettings.Usage);
    return 0;
}

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
builder.Configuration.AddEnvironmentVariables("RAFTNODE_").AddCommandLine(args); // the command line wins
NodeSettings settings;
try
{
    settings = NodeSettings.From(builder.Configuration);
}
catch (SettingsException exception)
{
    Console.Error.WriteLine($"error: {exception.Message}");
    Console.Error.WriteLine(NodeSettings.Usage);
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
WebApplication app = builder.Build();
ILogger logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger($"node{settings.Id}");

var options = new RaftCommunicationOptions { BindAddress = settings.Bind, RequestTimeout = settings.RequestTimeout };
ICommunication communication;
try
{
    communication = settings.TlsDirectory is { } tls
        ? await RaftCommunication.StartSecureCommunicationAsync(
            settings.RaftPort, Path.Combine(tls, "key.pem"), Path.Combine(tls, "cert.pem"), Path.Combine(tls, "ca.pem"), options)
        : await RaftCommunication.StartSeparateCommunicationAsync(settings.RaftPort, options);
}
catch (IOException exception)
{
    Console.Error.WriteLine($"error: cannot listen on {settings.Bind}:{settings.RaftPort} for Raft: {exception.Message}");
    return 3;
}

await using (communication)
{
    var identity = new NodeIdentity(settings.Id, settings.ClusterId, settings.Peers);
    var timings = new RaftTimings(settings.Heartbeat, settings.ElectionTimeout);
    // Appends to followers on pipelines of their own (RaftClient.OpenPipelineAsync); votes, heartbeats and Join on the communication's calls.
    const int AppendPipelineDepth = 16; // appends in flight per follower: enough to cover a round trip at the leader's batch rate
    using var pipelines = new ClientAppendPipelines(
        AppendPipelineDepth,
        settings.RequestTimeout,
        settings.TlsDirectory is { } pki ? RaftTlsCredentials.Load(Path.Combine(pki, "key.pem"), Path.Combine(pki, "cert.pem"), Path.Combine(pki, "ca.pem")) : null);
    RaftNode opened;
    try
    {
        opened = RaftNode.Open(identity, timings, settings.DataDirectory, communication, logger, pipelines);
    }
    catch (InvalidDataException exception)
    {
        Console.Error.WriteLine($"error: {exception.Message}");
        return 4;
    }

    await using RaftNode node = opened;
    communication.SetRaft(node);
    HttpApi.Map(app, node, new ClientWrites(node, communication, settings.RequestTimeout * 3));
    try
    {
        await app.StartAsync();
    }
    catch (IOException exception)
    {
        Console.Error.WriteLine($"error: cannot listen on 127.0.0.1:{settings.HttpPort} for the HTTP API: {exception.Message}");
        return 3;
    }

    string httpAddress = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
    string raftAddress = $"{settings.Bind}:{communication.Port}";
    logger.LogInformation("Node {Id} of cluster {Cluster}: Raft on {Raft}{Tls}, HTTP API on {Http}, peers {Peers}",
        settings.Id, settings.ClusterId, raftAddress, settings.TlsDirectory is null ? string.Empty : " (mutual TLS)", httpAddress,
        string.Join(", ", settings.Peers.Select(p => $"{p.Key}={p.Value}")));
    node.Start();
    ParentWatch.Start(settings.ExitWithProcessId, app.Lifetime, logger);
    EventLine.Ready(settings.Id, raftAddress, new Uri(httpAddress).Authority);
    await app.WaitForShutdownAsync();
}

return 0;
