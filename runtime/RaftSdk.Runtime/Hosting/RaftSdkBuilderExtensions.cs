using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RaftSdk.Diagnostics;
using RaftSdk.Server;
using RaftSdk.Transport;

namespace RaftSdk.Hosting;

/// <summary>Adds generated clients and contracts to a node: <c>.AddClient&lt;GreeterClient&gt;(...)</c>, <c>.AddListener&lt;IGreeter&gt;(...)</c>.</summary>
public static class RaftSdkBuilderExtensions
{
    /// <summary>
    /// Registers a generated client as a singleton over the shared <see cref="RaftClientCore"/> of
    /// its content type (made from the node options: timeout, TLS, sizes, logging).
    /// </summary>
    /// <typeparam name="TClient">The generated client, for example <c>GreeterClient</c>; it has a constructor taking a <see cref="RaftClientCore"/>.</typeparam>
    /// <param name="builder">The RaftSdk builder.</param>
    /// <param name="contentType">The contract's content type: <c>GreeterClient.ContentType</c>.</param>
    /// <returns>The builder.</returns>
    public static IRaftSdkBuilder AddClient<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TClient>(this IRaftSdkBuilder builder, string contentType)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        builder.Services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<TClient>(sp, sp.GetRequiredService<RaftClientCores>().Get(contentType)));
        return builder;
    }

    /// <summary>Like <see cref="AddClient{TClient}(IRaftSdkBuilder, string)"/>, with the client made by <paramref name="create"/>.</summary>
    /// <typeparam name="TClient">The client type.</typeparam>
    /// <param name="builder">The RaftSdk builder.</param>
    /// <param name="contentType">The contract's content type.</param>
    /// <param name="create">Makes the client over the shared core, for example <c>core =&gt; new GreeterClient(core)</c>.</param>
    /// <returns>The builder.</returns>
    public static IRaftSdkBuilder AddClient<TClient>(this IRaftSdkBuilder builder, string contentType, Func<RaftClientCore, TClient> create)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        ArgumentNullException.ThrowIfNull(create);
        builder.Services.TryAddSingleton(sp => create(sp.GetRequiredService<RaftClientCores>().Get(contentType)));
        return builder;
    }

    /// <summary>
    /// Serves a generated contract on the node's separate listener (<c>RaftSdk:Port</c>, with
    /// mutual TLS when <c>RaftSdk:Tls</c> is set). The implementation is the container's
    /// <typeparamref name="TService"/> singleton; until one is registered the routes answer 503.
    /// </summary>
    /// <typeparam name="TService">The contract interface, for example <c>IGreeter</c>.</typeparam>
    /// <param name="builder">The RaftSdk builder.</param>
    /// <param name="routes">The generated routes: <c>GreeterDispatcher.Routes</c>.</param>
    /// <param name="contentType">The contract's content type: <c>GreeterDispatcher.ContentType</c>.</param>
    /// <returns>The builder.</returns>
    public static IRaftSdkBuilder AddListener<TService>(this IRaftSdkBuilder builder, IReadOnlyList<RaftRoute<TService>> routes, string contentType)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        return builder.AddListener(sp => RaftContractHosting.Create(sp, routes, contentType));
    }

    /// <summary>Serves a contract described by hand on the node's separate listener (changeagent's communication object uses this).</summary>
    /// <param name="builder">The RaftSdk builder.</param>
    /// <param name="contract">Builds the contract from the container when the listener starts.</param>
    /// <returns>The builder.</returns>
    public static IRaftSdkBuilder AddListener(this IRaftSdkBuilder builder, Func<IServiceProvider, RaftHostedContract> contract)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(contract);
        builder.Services.AddSingleton(new RaftListenerContract(contract));
        return builder;
    }

    /// <summary>
    /// Declares a section under <c>RaftSdk</c> that the caller binds itself, for example
    /// <c>RaftSdk:Cluster</c> for RaftSdk.DotNext: RaftSdk's own binder, which stops the host on
    /// a key it does not know (a typo), leaves that section alone and lists it among the known keys.
    /// </summary>
    /// <param name="builder">The RaftSdk builder.</param>
    /// <param name="key">The section's key under <c>RaftSdk</c>, for example <c>Cluster</c>.</param>
    /// <returns>The builder.</returns>
    public static IRaftSdkBuilder AddSettingsSection(this IRaftSdkBuilder builder, string key)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        builder.Services.AddSingleton(new RaftSdkSettingsSection(key));
        return builder;
    }
}

/// <summary>Builds the endpoint of a generated contract from the container; one place that knows the endpoint's constructor.</summary>
internal static class RaftContractHosting
{
    public static string NameOf<TService>() => typeof(TService).Name;

    public static RaftHostedContract Create<TService>(IServiceProvider services, IReadOnlyList<RaftRoute<TService>> routes, string contentType)
        where TService : class
    {
        RaftNodeOptions? options = services.GetService<IOptions<RaftNodeOptions>>()?.Value;
        ILoggerFactory? loggerFactory = services.GetService<ILoggerFactory>();
        ILogger? logger = loggerFactory?.CreateLogger("RaftSdk.Hosting");
        TService? cached = null;
        TService? Resolve() => cached ??= services.GetService<TService>();
        if (Resolve() is null && logger is not null)
        {
            HostingLog.ServiceNotResolved(logger, NameOf<TService>());
        }

        var endpoint = new RaftEndpoint<TService>(
            routes,
            new RaftServerOptions
            {
                ContentType = contentType,
                MaxRequestBodySize = options?.MaxRequestBodySize ?? RaftServerOptions.DefaultMaxRequestBodySize,
                LoggerFactory = loggerFactory,
            },
            Resolve);
        return new RaftHostedContract(NameOf<TService>(), endpoint.HandleAsync, endpoint.Paths, () => Resolve() is not null);
    }
}
