using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RaftSdk.Diagnostics;

namespace RaftSdk.Server;

/// <summary>
/// Dispatches requests to the routes of one contract: exact path lookup (404 for an unknown
/// path), exact method check (405 with an <c>Allow</c> header), 503 with
/// <see cref="RaftServerOptions.ServiceNotSetMessage"/> while the service is not set, 503 with
/// <c>Retry-After</c> while a route has <see cref="RaftServerOptions.MaxCallsInFlightPerRoute"/>
/// calls in flight; then the route's call, whose every failure is answered by the runtime's one
/// exception funnel (see <see cref="RaftRoute{TService}.Unary{TRequest, TResponse}"/>). The
/// endpoint holds the memory budget of <see cref="RaftServerOptions.MaxRequestBytesInFlight"/>
/// for all its calls. It serves a listener of its own
/// (<see cref="HandleAsync"/> is a <see cref="RequestDelegate"/>) or routes of an existing app
/// (<see cref="MapTo"/>).
/// </summary>
/// <typeparam name="TService">The service the routes call, for example the local Raft.</typeparam>
public sealed class RaftEndpoint<TService>
    where TService : class
{
    private readonly FrozenDictionary<string, PathRoutes> _paths;
    private readonly ServerCallServices _services;
    private readonly Func<TService?> _service;
    private static readonly string ServiceName = typeof(TService).FullName ?? typeof(TService).Name;

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
        ArgumentException.ThrowIfNullOrEmpty(options.ServiceNotSetMessage, nameof(options) + "." + nameof(options.ServiceNotSetMessage));

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

        // A body is read into one array.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxRequestBodySize, Array.MaxLength, nameof(options) + "." + nameof(options.MaxRequestBodySize));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDecodedFields, 1, nameof(options) + "." + nameof(options.MaxDecodedFields));
        if (options.EffectiveMaxRequestBytesInFlight < options.ChargeOfLargestBody)
        {
            throw new ArgumentException(
                $"{nameof(options.MaxRequestBytesInFlight)} ({options.MaxRequestBytesInFlight}) must be at least what a body of {nameof(options.MaxRequestBodySize)} is charged ({options.ChargeOfLargestBody}: twice its size plus {RaftServerOptions.DecodedBytesPerField} bytes per field it can hold), or such a body could never be read.",
                nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxCallsInFlightPerRoute, nameof(options) + "." + nameof(options.MaxCallsInFlightPerRoute));
        if (options.MinStreamedBodyDataRate is double rate && !(rate > 0 && double.IsFinite(rate)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), rate, "MinStreamedBodyDataRate must be a positive number of bytes per second, or null for the listener's.");
        }

        if (options.MinStreamedBodyGracePeriod <= TimeSpan.FromSeconds(1))
        {
            // Kestrel's MinDataRate refuses a grace period of a second or less (it checks the rate once a second).
            throw new ArgumentOutOfRangeException(nameof(options), options.MinStreamedBodyGracePeriod, "MinStreamedBodyGracePeriod must be more than 1 second.");
        }

        if (options.HandlerTimeout is TimeSpan timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), timeout, "HandlerTimeout must be positive, or null for none.");
        }

        _paths = byPath.ToFrozenDictionary(p => p.Key, p => new PathRoutes(p.Value.ToArray()), StringComparer.Ordinal);
        _services = new ServerCallServices(options);
        _service = service;
    }

    /// <summary>The distinct paths served, in no particular order.</summary>
    public IEnumerable<string> Paths => _paths.Keys;

    /// <summary>Serves one request. Never throws: every failure becomes an answer (or a reset when the answer had started).</summary>
    /// <param name="context">The HTTP context.</param>
    /// <returns>A task that completes when the answer is written.</returns>
    public Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_paths.TryGetValue(context.Request.Path.Value ?? string.Empty, out PathRoutes? routes))
        {
            return PlainTextAnswer.WriteAsync(context, StatusCodes.Status404NotFound, PlainTextAnswer.NotFound);
        }

        RouteEntry? route = routes.Find(context.Request.Method);
        if (route is null)
        {
            context.Response.Headers.Allow = routes.Allow;
            return PlainTextAnswer.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "Method Not Allowed");
        }

        RaftServerCall call = RaftServerInstrumentation.Start(context, route.Route.Method, route.Route.Path, ServiceName);
        return RaftServerInstrumentation.Complete(call, context, InvokeAsync(context, route));
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

    private async Task InvokeAsync(HttpContext context, RouteEntry entry)
    {
        int cap = _services.Options.MaxCallsInFlightPerRoute;
        if (cap > 0 && Interlocked.Increment(ref entry.InFlight) > cap)
        {
            Interlocked.Decrement(ref entry.InFlight);
            await ServerCallHandler<TService>.RefuseAsync(
                context,
                new RaftCallRefusal(
                    RefusalKind.RouteBusy,
                    StatusCodes.Status503ServiceUnavailable,
                    string.Create(CultureInfo.InvariantCulture, $"Server busy: {cap} calls to {entry.Route.Path} are in flight"),
                    closeConnection: true,
                    retryLater: true),
                _services).ConfigureAwait(false);
            return;
        }

        try
        {
            TService? service = _service();
            if (service is null)
            {
                await PlainTextAnswer.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, _services.Options.ServiceNotSetMessage).ConfigureAwait(false);
                return;
            }

            // Never throws: every failure of the call becomes its answer inside (the one funnel).
            await entry.Route.Call.HandleCallAsync(context, service, _services).ConfigureAwait(false);
        }
        finally
        {
            if (cap > 0)
            {
                Interlocked.Decrement(ref entry.InFlight);
            }
        }
    }

    /// <summary>A route with this endpoint's count of its calls in flight (routes are shared, counts are not).</summary>
    private sealed class RouteEntry(RaftRoute<TService> route)
    {
        public readonly RaftRoute<TService> Route = route;
        public int InFlight;
    }

    private sealed class PathRoutes
    {
        private readonly RouteEntry[] _routes;

        public PathRoutes(RaftRoute<TService>[] routes)
        {
            _routes = routes.Select(r => new RouteEntry(r)).ToArray();
            Allow = string.Join(", ", routes.Select(r => r.Method));
        }

        public string Allow { get; }

        public RouteEntry? Find(string method)
        {
            foreach (RouteEntry entry in _routes)
            {
                if (string.Equals(entry.Route.Method, method, StringComparison.Ordinal))
                {
                    return entry;
                }
            }

            return null;
        }
    }
}
