using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace RaftSdk.Server;

/// <summary>A hand-written route (<see cref="RaftRouteHandler{TService}"/>) that owns its exchange; what it lets escape goes through the funnel as a service fault (500).</summary>
internal sealed class RawCallHandler<TService> : ServerCallHandler<TService>
    where TService : class
{
    private readonly RaftRouteHandler<TService> _handler;

    public RawCallHandler(RaftRouteHandler<TService> handler) => _handler = handler;

    public override async Task HandleCallAsync(HttpContext context, TService service, ServerCallServices services)
    {
        try
        {
            await _handler(context, service, services.Options).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await HandleCallExceptionAsync(context, e, CallPhase.Invoking, services).ConfigureAwait(false);
        }
    }
}
