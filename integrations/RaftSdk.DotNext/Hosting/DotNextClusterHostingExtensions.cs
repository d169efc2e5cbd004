using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RaftSdk.DotNext.Contract;
using RaftSdk.Hosting;
using RaftSdk.Server;

namespace RaftSdk.DotNext.Hosting;

/// <summary>
/// A DotNext member on the node's RaftSdk listener and clients:
/// <c>builder.Services.AddRaftSdk(builder.Configuration).AddDotNextCluster()</c>, then, once the
/// listener's port is known, <c>host.Attach(new RaftSdkCluster(options, client, wal, loggerFactory))</c>.
/// Port, bind address, mutual TLS, request timeout and body limits are the node's <c>RaftSdk</c>
/// settings; metrics, traces and logs are RaftSdk's (per route: <c>/dotnext/v1/...</c>).
/// </summary>
public static class DotNextClusterHostingExtensions
{
    /// <summary>Registers <see cref="DotNextClusterHost"/>, the generated <see cref="DotNextRaftClient"/> and serves <see cref="IDotNextRaft"/> on the listener.</summary>
    /// <param name="builder">The RaftSdk builder.</param>
    /// <returns>The builder.</returns>
    public static IRaftSdkBuilder AddDotNextCluster(this IRaftSdkBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
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
}
