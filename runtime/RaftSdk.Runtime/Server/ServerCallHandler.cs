using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace RaftSdk.Server;

/// <summary>
/// Serves the calls of one route; <see cref="HandleCallExceptionAsync"/> is the one place where a
/// failure of a call becomes its answer (the shape of grpc-dotnet's <c>ServerCallHandlerBase</c>):
/// a refusal (<see cref="RaftCallRefusal"/>) answers its 4xx/503/504 with a short text; an
/// exception of the service answers the route's error status (and error body); anything else
/// is our own fault and answers 500. A client that went away gets nothing. Service faults and
/// our own are passed to <see cref="RaftServerOptions.OnHandlerError"/>; everything is logged,
/// rate-bounded.
/// </summary>
/// <typeparam name="TService">The service the route calls.</typeparam>
internal abstract class ServerCallHandler<TService>
    where TService : class
{
    public abstract Task HandleCallAsync(HttpContext context, TService service, ServerCallServices services);

    /// <summary>The status of an exception the service threw.</summary>
    protected virtual int ServiceErrorStatus => StatusCodes.Status500InternalServerError;

    /// <summary>Writes the error answer for an exception the service threw; by default an empty body with <see cref="ServiceErrorStatus"/>.</summary>
    protected virtual Task WriteServiceErrorAsync(HttpContext context, Exception exception, ServerCallServices services)
    {
        context.Response.StatusCode = ServiceErrorStatus;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    /// <summary>Answers a refusal that happened before a handler ran (a busy route, for example).</summary>
    public static async Task RefuseAsync(HttpContext context, RaftCallRefusal refusal, ServerCallServices services)
    {
        LogRefusal(context, refusal, services);
        try
        {
            await WriteRefusalAsync(context, refusal, services).ConfigureAwait(false);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The connection is gone; there is nobody to tell.
        }
    }

    protected async Task HandleCallExceptionAsync(HttpContext context, Exception exception, CallPhase phase, ServerCallServices services)
    {
        if (exception is RaftCallRefusal refusal)
        {
            // Answered even when the client half-closed: its side may still read (a body cut short).
            await RefuseAsync(context, refusal, services).ConfigureAwait(false);
            return;
        }

        if (IsClientGone(context, exception, phase))
        {
            return;
        }

        bool serviceFault = phase == CallPhase.Invoking;
        Observe(context, exception, services);
        int status = serviceFault ? ServiceErrorStatus : StatusCodes.Status500InternalServerError;
        LogFault(context, exception, serviceFault, status, services);

        HttpResponse response = context.Response;
        if (response.HasStarted)
        {
            // A truncated answer would look whole to nobody; a reset tells the client it failed.
            context.Abort();
            return;
        }

        response.Clear();
        try
        {
            if (serviceFault)
            {
                await WriteServiceErrorAsync(context, exception, services).ConfigureAwait(false);
            }
            else
            {
                response.StatusCode = StatusCodes.Status500InternalServerError;
                response.ContentLength = 0;
            }
        }
        catch (Exception second) when (!context.RequestAborted.IsCancellationRequested)
        {
            // Building or writing the error body failed too: nothing truthful is left to send.
            Observe(context, second, services);
            context.Abort();
        }
    }

    private static bool IsClientGone(HttpContext context, Exception exception, CallPhase phase)
    {
        if (!context.RequestAborted.IsCancellationRequested)
        {
            return exception is ConnectionResetException;
        }

        // While the service runs only its cancellation counts as "gone"; elsewhere any I/O failure does.
        return phase != CallPhase.Invoking || exception is OperationCanceledException;
    }

    private static void Observe(HttpContext context, Exception exception, ServerCallServices services)
    {
        try
        {
            services.Options.OnHandlerError?.Invoke(context, exception);
        }
        catch (Exception)
        {
            // An observer that fails must not turn an error answer into a dropped connection.
        }
    }

    private static Task WriteRefusalAsync(HttpContext context, RaftCallRefusal refusal, ServerCallServices services)
    {
        HttpResponse response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }

        response.Clear();
        return PlainTextAnswer.WriteAsync(context, refusal.StatusCode, refusal.Message, refusal.CloseConnection, refusal.RetryLater ? services.RetryAfterSeconds : null);
    }

    private static void LogRefusal(HttpContext context, RaftCallRefusal refusal, ServerCallServices services)
    {
        if (services.Logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information)
            && services.Gate.ShouldLog((int)refusal.Kind, out long suppressed))
        {
            ServerLog.RequestRefused(services.Logger, context.Request.Method, context.Request.Path.Value ?? string.Empty, Remote(context), refusal.StatusCode, refusal.Message, suppressed);
        }
    }

    private static void LogFault(HttpContext context, Exception exception, bool serviceFault, int status, ServerCallServices services)
    {
        int slot = serviceFault ? ServerCallServices.HandlerFaultSlot : ServerCallServices.ServerFaultSlot;
        if (!services.Logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Warning) || !services.Gate.ShouldLog(slot, out long suppressed))
        {
            return;
        }

        if (serviceFault)
        {
            ServerLog.HandlerFailed(services.Logger, exception, context.Request.Method, context.Request.Path.Value ?? string.Empty, Remote(context), status, suppressed);
        }
        else
        {
            ServerLog.ServerFault(services.Logger, exception, context.Request.Method, context.Request.Path.Value ?? string.Empty, Remote(context), suppressed);
        }
    }

    internal static string Remote(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } ip ? ip + ":" + context.Connection.RemotePort : "(unknown)";
}
