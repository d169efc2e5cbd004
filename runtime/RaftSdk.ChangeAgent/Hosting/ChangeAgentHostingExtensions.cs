using System;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RaftSdk.Hosting;

namespace RaftSdk.ChangeAgent;

/// <summary>
/// The changeagent communication module from the .NET host: <c>builder.Services.AddRaftSdk(builder.Configuration).AddChangeAgent()</c>,
/// then <c>app.Services.GetRequiredService&lt;ICommunication&gt;().SetRaft(raft)</c>. The rule of the
/// original holds: until <see cref="ICommunication.SetRaft"/> is called, peers are answered 503
/// and calls throw.
/// </summary>
public static class ChangeAgentHostingExtensions
{
    /// <summary>
    /// Registers <see cref="ICommunication"/> (a singleton made from the node options and the
    /// node's TLS credentials) and, unless <paramref name="separateListener"/> is false, serves it
    /// on the node's listener (Go: StartSeparateCommunication, or StartSecureCommunication when
    /// <c>RaftSdk:Tls</c> is set). With false, map it onto your app with <see cref="MapChangeAgent"/>
    /// (Go: StartHTTPCommunication).
    /// </summary>
    /// <param name="builder">The RaftSdk builder.</param>
    /// <param name="separateListener">Serve on the separate listener (<c>RaftSdk:Port</c>); true by default.</param>
    /// <returns>The builder.</returns>
    public static IRaftSdkBuilder AddChangeAgent(this IRaftSdkBuilder builder, bool separateListener = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(sp =>
        {
            RaftNodeOptions options = sp.GetRequiredService<IOptions<RaftNodeOptions>>().Value;
            var communication = new Communication(
                new RaftCommunicationOptions
                {
                    RequestTimeout = options.RequestTimeout,
                    MaxRequestBodySize = options.MaxRequestBodySize,
                    MaxResponseBodySize = options.MaxResponseBodySize,
                    LoggerFactory = sp.GetService<ILoggerFactory>(),
                },
                sp.GetRequiredService<RaftNodeCredentials>().Tls,
                ownsTls: false);
            RaftListenerService listener = sp.GetRequiredService<RaftListenerService>();
            communication.HostedPort = () => listener.Port;
            return communication;
        });
        builder.Services.TryAddSingleton<ICommunication>(sp => sp.GetRequiredService<Communication>());
        if (separateListener)
        {
            builder.AddListener(sp => sp.GetRequiredService<Communication>().HostedContract);
        }

        return builder;
    }

    /// <summary>
    /// Maps the changeagent routes of the registered <see cref="ICommunication"/> onto the app
    /// (Go: StartHTTPCommunication). Register it with <c>AddChangeAgent(separateListener: false)</c>.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <returns>The app, to chain calls.</returns>
    public static IEndpointRouteBuilder MapChangeAgent(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        Communication communication = endpoints.ServiceProvider.GetService<Communication>()
            ?? throw new InvalidOperationException("MapChangeAgent needs the communication module: call builder.Services.AddRaftSdk(...).AddChangeAgent(separateListener: false) first.");
        return endpoints.MapRaftContract(communication.HostedContract);
    }
}
