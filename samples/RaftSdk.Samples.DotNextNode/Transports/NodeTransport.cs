using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DotNext.Net.Cluster.Consensus.Raft;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using RaftSdk.Samples.ClusterNode.Hosting;

namespace RaftSdk.Samples.DotNextNode.Transports;

/// <summary>
/// How the node's DotNext cluster reaches its peers. The node calls, in order:
/// <see cref="Configure"/> before the web host is built, <see cref="Map"/> after, and
/// <see cref="StartAsync"/> once the HTTP API listens. <c>created</c> is called with the cluster
/// before it starts, so the node sees its first leader change.
/// </summary>
internal abstract class NodeTransport
{
    private readonly Action<IRaftCluster> _created;
    private IRaftCluster? _cluster;

    protected NodeTransport(NodeSettings settings, IPersistentState log, Action<IRaftCluster> created)
    {
        Settings = settings;
        Log = log;
        Timings = ClusterTimings.From(settings);
        _created = created;
    }

    /// <summary>The running cluster, or null before it was made.</summary>
    public IRaftCluster? Cluster => _cluster;

    /// <summary>This member as its peers call it, <c>host:port</c>; known once started.</summary>
    public string RaftAddress { get; protected set; } = string.Empty;

    /// <summary>What the node's startup line says about the transport.</summary>
    public abstract string Description { get; }

    protected NodeSettings Settings { get; }

    protected IPersistentState Log { get; }

    protected ClusterTimings Timings { get; }

    /// <summary>The other members' addresses, <c>host:port</c>, from <c>--peers</c>.</summary>
    protected IEnumerable<string> PeerList => Settings.Peers.Values;

    public static NodeTransport Create(TransportKind kind, NodeSettings settings, IPersistentState log, Action<IRaftCluster> created) => kind switch
    {
        TransportKind.Http => new DotNextHttpTransport(settings, log, created),
        TransportKind.Tcp => new DotNextTcpTransport(settings, log, created),
        _ => new RaftSdkTransport(settings, log, created),
    };

    /// <summary>What the settings lack for the transport; empty when it can run with them (checked before anything is made on disk).</summary>
    public static IReadOnlyList<string> Problems(TransportKind kind, NodeSettings settings) => kind switch
    {
        TransportKind.Http => FixedPortsAndPlain("http", settings),
        TransportKind.Tcp => FixedPortsAndPlain("tcp", settings),
        _ => Array.Empty<string>(),
    };

    /// <summary>Registers services and listeners; before the web host is built.</summary>
    public abstract void Configure(WebApplicationBuilder builder);

    /// <summary>Adds middleware; after the web host is built, before it starts.</summary>
    public virtual void Map(WebApplication app)
    {
    }

    /// <summary>Starts (or finds started) the cluster; after the web host started.</summary>
    /// <param name="app">The started web host.</param>
    /// <param name="httpAddress">The node's HTTP API, published in the member's metadata.</param>
    /// <param name="loggerFactory">The node's logs.</param>
    public abstract Task StartAsync(WebApplication app, string httpAddress, ILoggerFactory loggerFactory);

    /// <summary>Stops the cluster, if the web host does not.</summary>
    public abstract Task StopAsync();

    /// <summary>Keeps the cluster and tells the node about it; once, before the cluster starts.</summary>
    protected void Created(IRaftCluster cluster)
    {
        _cluster = cluster;
        _created(cluster);
    }

    /// <summary>DotNext's own transports run plain here and must know both ports before they start.</summary>
    private static List<string> FixedPortsAndPlain(string name, NodeSettings settings)
    {
        var problems = new List<string>();
        if (settings.TlsDirectory is not null)
        {
            problems.Add($"--tls-dir: the {name} transport runs plain in this sample; mutual TLS is wired for --transport raftsdk only.");
        }

        if (settings.RaftPort == 0)
        {
            problems.Add($"--raft-port: the {name} transport needs a fixed port (its address is the member's id before it listens).");
        }

        if (settings.HttpPort == 0)
        {
            problems.Add($"--http-port: the {name} transport needs a fixed port (the member publishes it in its metadata before the API listens).");
        }

        return problems;
    }

    protected string OwnAddress(int port) => $"{Settings.Bind}:{port}";

    protected IEnumerable<string> AllMembers(int ownPort) => PeerList.Prepend(OwnAddress(ownPort));
}
