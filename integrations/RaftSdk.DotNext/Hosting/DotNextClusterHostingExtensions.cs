using System;
using System.Net;
using DotNext.Net.Cluster.Consensus.Raft;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RaftSdk.DotNext.Cluster;
using RaftSdk.DotNext.Contract;
using RaftSdk.Hosting;
using RaftSdk.Server;

namespace RaftSdk.DotNext.Hosting;

/// <summary>
/// A DotNext member on the node's RaftSdk listener and clients:
/// <c>builder.Services.AddRaftSdk(builder.Configuration).AddDotNextCluster(builder.Configuration)</c>,
/// then, once the host has started (the listener's port is known),
/// <c>host.Services.CreateDotNextMember(state)</c> and <c>StartAsync</c> on it.
/// Port, bind address, mutual TLS, request timeout and body limits are the node's <c>RaftSdk</c>
/// settings, the cluster's are <c>RaftSdk:Cluster</c>; metrics, traces and logs are RaftSdk's
/// (per route: <c>/dotnext/v1/...</c>).
/// </summary>
public static class DotNextClusterHostingExtensions
{
    /// <summary>
    /// Like <see cref="AddDotNextCluster(IRaftSdkBuilder)"/>, with the cluster settings bound from the
    /// <c>RaftSdk:Cluster</c> section and checked when the host starts (every problem names its key).
    /// </summary>
    /// <param name="builder">The RaftSdk builder.</param>
    /// <param name="configuration">The app configuration (its <c>RaftSdk:Cluster</c> section is read) or the <c>RaftSdk</c> section itself.</param>
    /// <param name="configure">Changes the bound settings in code (it runs after the binding); null for none.</param>
    /// <returns>The builder.</returns>
    public static IRaftSdkBuilder AddDotNextCluster(this IRaftSdkBuilder builder, IConfiguration configuration, Action<RaftSdkClusterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        IConfigurationSection section = configuration is IConfigurationSection { Path.Length: > 0 } raftSdk
            ? raftSdk.GetSection(RaftSdkClusterOptions.SectionName)
            : configuration.GetSection(RaftNodeOptions.SectionName + ":" + RaftSdkClusterOptions.SectionName);
        builder.AddSettingsSection(RaftSdkClusterOptions.SectionName);
        OptionsBuilder<RaftSdkClusterOptions> options = builder.Services.AddOptions<RaftSdkClusterOptions>().Configure(o => ClusterOptionsBinder.Bind(section, o));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return builder.AddDotNextCluster();
    }

    /// <summary>
    /// Registers <see cref="DotNextClusterHost"/>, the generated <see cref="DotNextRaftClient"/> and serves <see cref="IDotNextRaft"/> on the listener.
    /// The cluster settings (<see cref="RaftSdkClusterOptions"/>) are the container's options, set in code
    /// (<c>services.Configure&lt;RaftSdkClusterOptions&gt;(...)</c>) and checked when the host starts, or given to the <see cref="RaftSdkCluster"/> constructor.
    /// </summary>
    /// <param name="builder">The RaftSdk builder.</param>
    /// <returns>The builder.</returns>
    public static IRaftSdkBuilder AddDotNextCluster(this IRaftSdkBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RaftSdkClusterOptions>().ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RaftSdkClusterOptions>, ClusterOptionsValidator>());
        builder.Services.TryAddSingleton<DotNextClusterHost>();
        builder.AddClient<DotNextRaftClient>(DotNextRaftClient.ContentType, core => new DotNextRaftClient(core));
        return builder.AddListener(services =>
        {
            DotNextClusterHost host = services.GetRequiredService<DotNextClusterHost>();
            RaftNodeOptions options = services.GetRequiredService<IOptions<RaftNodeOptions>>().Value;
            var endpoint = new RaftEndpoint<IDotNextRaft>(
                DotNextRaftDispatcher.Routes,
                new RaftServerOptions
                {
                    ContentType = DotNextRaftDispatcher.ContentType,
                    MaxRequestBodySize = options.MaxRequestBodySize,
                    LoggerFactory = services.GetService<ILoggerFactory>(),
                },
                () => host.Cluster);
            return new RaftHostedContract(nameof(IDotNextRaft), endpoint.HandleAsync, endpoint.Paths, () => host.Cluster is not null);
        });
    }

    /// <summary>
    /// Makes this node's member from the container's cluster settings and attaches it to the
    /// listener; call <see cref="RaftSdkCluster.StartAsync"/> on it next. Call it once the host has
    /// started: without a <c>PublicAddress</c> the member is called at the listener's bind address
    /// and the port it got (port 0 takes any free one).
    /// </summary>
    /// <param name="services">The started host's services.</param>
    /// <param name="state">The log and state machine: DotNext's <c>WriteAheadLog</c>, or <c>ConsensusOnlyState</c> for consensus alone.</param>
    /// <param name="configure">Changes this member's copy of the settings (for example the members, once every port is known); null for none.</param>
    /// <returns>The member, attached to the listener, not started.</returns>
    /// <exception cref="InvalidOperationException">The listener is not running, or no address can be derived (bind address 0.0.0.0 or :: and no <c>PublicAddress</c>).</exception>
    /// <exception cref="ArgumentException">The settings are not valid; the message names every problem.</exception>
    public static RaftSdkCluster CreateDotNextMember(this IServiceProvider services, IPersistentState state, Action<RaftSdkClusterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(state);
        RaftSdkClusterOptions options = services.GetRequiredService<IOptions<RaftSdkClusterOptions>>().Value.Copy();
        configure?.Invoke(options);
        if (string.IsNullOrWhiteSpace(options.PublicAddress))
        {
            options.PublicAddress = ListenerAddress(services, options);
        }

        var cluster = new RaftSdkCluster(options, services.GetRequiredService<DotNextRaftClient>(), state, services.GetService<ILoggerFactory>());
        services.GetRequiredService<DotNextClusterHost>().Attach(cluster);
        return cluster;
    }

    private static string ListenerAddress(IServiceProvider services, RaftSdkClusterOptions options)
    {
        RaftListenerService listener = services.GetRequiredService<RaftListenerService>();
        if (!listener.IsListening)
        {
            throw new InvalidOperationException($"{options.Key(nameof(RaftSdkClusterOptions.PublicAddress))} is not set and the RaftSdk listener is not running, so its port is not known: start the host before making the member, or set the address.");
        }

        string bind = services.GetRequiredService<IOptions<RaftNodeOptions>>().Value.BindAddress;
        if (!IPAddress.TryParse(bind, out IPAddress? address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            throw new InvalidOperationException($"{options.Key(nameof(RaftSdkClusterOptions.PublicAddress))} is not set and the listener's bind address {bind} is no address a peer can call: set the address peers reach this node at, host:port.");
        }

        return PeerAddresses.Format(new IPEndPoint(address, listener.Port));
    }
}
