using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace RaftSdk.Server;

/// <summary>
/// Dispatches requests to the routes of one contract: exact path lookup (404 for an unknown
/// path), exact method check (405 with an <c>Allow</c> header), 503 while the service is not
/// set, and a 500 for any exception a handler lets escape. It serves a listener of its own
/// (<see cref="HandleAsync"/> is a <see cref="RequestDelegate"/>) or routes of an existing app
/// (<see cref="MapTo"/>).
/// </summary>
/// <typeparam name="TService">The service the routes call, for example the local Raft.</typeparam>
public sealed class RaftEndpoint<TService>
    where TService : class
{
    /// <summary>The text of the 503 answer while no service is set.</summary>
    public const string ServiceNotSetMessage = "Raft not set: SetRaft has not been called on this node";

    private readonly FrozenDictionary<string, PathRoutes> _paths;
    private readonly RaftServerOptions _options;
    private readonly Func<TService?> _service;

    /// <summary>Creates an endpoint.</summary>
    /// <param name="routes">The routes; each (method, path) pair at most once.</param>
    /// <param name="options">The server settings.</param>
    /// <param name="service">Returns the current service, or null while none is set.</param>
    public RaftEndpoint(IReadOnlyList<RaftRoute<TService>> routes, RaftServerOptions options, Func<TService?> service)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentException.ThrowIfNullOrEmpty(options.ContentType, nameof(options) + "." + nameof(options.ContentType));

        var byPath = new Dictionary<string, List<RaftRoute<TService>>>(StringComparer.Ordinal);
        foreach (RaftRoute<TService> route in routes)
        {
            ArgumentNullException.ThrowIfNull(route, nameof(routes));
            if (!byPath.TryGetValue(route.Path, out List<RaftRoute<TService>>? list))
            {
                list = new List<RaftRoute<TService>>(1);
                byPath.Add(route.Path, list);
            }

            if (list.Exists(r => string.Equals(r.Method, route.Method, StringComparison.Ordinal)))
            {
                throw new ArgumentException($"The route {route.Method} {route.Path} is listed twice.", nameof(routes));
            }

            list.Add(route);
        }

        _paths = byPath.ToFrozenDictionary(p => p.Key, p => new PathRoutes(p.Value.ToArray()), StringComparer.Ordinal);
        _options = options;
        _service = service;
    }

    /// <summary>The distinct paths served, in no particular order.</summary>
    public IEnumerable<string> Paths => _paths.Keys;

    /// <summary>Serves one request. Never throws for a failing handler: the client gets a 500 instead.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <returns>A task that completes when the answer is written.</returns>
    public Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_paths.TryGetValue(context.Request.Path.Value ?? string.Empty, out PathRoutes? routes))
        {
            // Go's http.NotFound text.
            return PlainTextAnswer.WriteAsync(context, StatusCodes.Status404NotFound, "404 page not found");
        }

        RaftRoute<TService>? route = routes.Find(context.Request.Method);
        if (route is null)
        {
            context.Response.Headers.Allow = routes.Allow;
            return PlainTextAnswer.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "Method Not Allowed");
        }

        return InvokeAsync(context, route);
    }

    /// <summary>
    /// Maps every path of the endpoint onto an existing ASP.NET Core app, for all methods, so
    /// that the method check and the 405 answer stay the endpoint's own. Paths are literal route
    /// patterns.
    /// </summary>
    /// <param name="endpoints">The app's endpoint route builder.</param>
    public void MapTo(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        RequestDelegate handle = HandleAsync;
        foreach (string path in _paths.Keys.Order(StringComparer.Ordinal))
        {
            endpoints.Map(path, handle).WithDisplayName("RaftSdk " + path);
        }
    }

    private async Task InvokeAsync(HttpContext context, RaftRoute<TService> route)
    {
        try
        {
            TService? service = _service();
            if (service is null)
            {
                await PlainTextAnswer.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ServiceNotSetMessage).ConfigureAwait(false);
                return;
            }

            await route.Handler(context, service, _options).ConfigureAwait(false);
        }
        catch (Exception e) when (!RaftServerIO.IsHandlerFault(context, e))
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e)
        {
            ReportQuietly(context, e);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }

            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentLength = 0;
        }
    }

    private void ReportQuietly(HttpContext context, Exception exception)
    {
        try
        {
            _options.OnHandlerError?.Invoke(context, exception);
        }
        catch (Exception)
        {
            // An observer that fails must not turn a 500 into a dropped connection.
        }
    }

    private sealed class PathRoutes
    {
        private readonly RaftRoute<TService>[] _routes;

        public PathRoutes(RaftRoute<TService>[] routes)
        {
            _routes = routes;
            Allow = string.Join(", ", routes.Select(r => r.Method));
        }

        public string Allow { get; }

        public RaftRoute<TService>? Find(string method)
        {
            foreach (RaftRoute<TService> route in _routes)
            {
                if (string.Equals(route.Method, method, StringComparison.Ordinal))
                {
                    return route;
                }
            }

            return null;
        }
    }
}
