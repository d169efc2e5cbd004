using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RaftSdk.Diagnostics;
using RaftSdk.Server;

namespace RaftSdk.Hosting;

/// <summary>Serves a contract on an ASP.NET Core app you already run (Go: StartHTTPCommunication): <c>app.MapRaftContract&lt;IGreeter&gt;(...)</c>.</summary>
public static class RaftSdkEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every route of a generated contract onto the app, at its literal paths and for every
    /// method (the contract answers 405 itself). The implementation is the container's
    /// <typeparamref name="TService"/>; until one is registered the routes answer 503.
    /// </summary>
    /// <typeparam name="TService">The contract interface, for example <c>IGreeter</c>.</typeparam>
    /// <param name="endpoints">The app.</param>
    /// <param name="routes">The generated routes: <c>GreeterDispatcher.Routes</c>.</param>
    /// <param name="contentType">The contract's content type: <c>GreeterDispatcher.ContentType</c>.</param>
    /// <returns>The app, to chain calls.</returns>
    public static IEndpointRouteBuilder MapRaftContract<TService>(this IEndpointRouteBuilder endpoints, IReadOnlyList<RaftRoute<TService>> routes, string contentType)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        return endpoints.MapRaftContract(RaftContractHosting.Create(endpoints.ServiceProvider, routes, contentType));
    }

    /// <summary>Maps a contract described by hand onto the app (changeagent's communication object uses this).</summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="contract">The contract.</param>
    /// <returns>The app, to chain calls.</returns>
    public static IEndpointRouteBuilder MapRaftContract(this IEndpointRouteBuilder endpoints, RaftHostedContract contract)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(contract);
        RequestDelegate handle = contract.Handle;
        foreach (string path in contract.Paths.Order(StringComparer.Ordinal))
        {
            endpoints.Map(path, handle).WithDisplayName("RaftSdk " + contract.Name + " " + path);
        }

        endpoints.ServiceProvider.GetService<RaftMappedContracts>()?.Add(contract);
        if (endpoints.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger("RaftSdk.Hosting") is ILogger logger)
        {
            HostingLog.ContractMapped(logger, contract.Name, string.Join(", ", contract.Paths));
        }

        return endpoints;
    }
}
