using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace RaftSdk.Diagnostics;

/// <summary>
/// Spans and metrics of the server side. The span continues the caller's trace: the parent is
/// the ASP.NET Core request activity when the host made one that is listened to (it already read
/// <c>traceparent</c>), else the <c>traceparent</c>/<c>tracestate</c> headers themselves. Costs two checks per call
/// when nobody listens.
/// </summary>
internal static class RaftServerInstrumentation
{
    /// <summary>Starts the span and measurements of a call about to be dispatched; default when nothing is observed.</summary>
    public static RaftServerCall Start(HttpContext context, string method, string path, string service)
    {
        bool traced = RaftDiagnostics.ActivitySource.HasListeners();
        bool measured = RaftInstruments.ServerMeasured;
        if (!traced && !measured)
        {
            return default;
        }

        // The listening port tells the nodes of one process apart (and the listener from the app's own Kestrel); 0 where there is none (in memory).
        int port = context.Connection.LocalPort;
        Activity? parent = Activity.Current;
        Activity? activity = null;
        if (traced)
        {
            string name = method + " " + path;
            activity = (parent is null || IsUnrecordedHostActivity(parent)) && RemoteParent(context.Request.Headers) is ActivityContext remote
                ? RaftDiagnostics.ActivitySource.StartActivity(name, ActivityKind.Server, remote)
                : RaftDiagnostics.ActivitySource.StartActivity(name, ActivityKind.Server);
            if (activity is { IsAllDataRequested: true })
            {
                activity.SetTag(RaftTags.RpcSystem, RaftDiagnostics.RpcSystem);
                activity.SetTag(RaftTags.RpcService, service);
                activity.SetTag(RaftTags.RpcMethod, path);
                activity.SetTag(RaftTags.HttpMethod, method);
                activity.SetTag(RaftTags.UrlScheme, context.Request.Scheme);
                if (port != 0)
                {
                    activity.SetTag(RaftTags.ServerPort, port);
                }
            }
        }

        if (measured)
        {
            RaftInstruments.ServerActive.Add(1, Tags(method, path, service, port));
        }

        return new RaftServerCall(parent, activity, measured ? Stopwatch.GetTimestamp() : 0, measured, method, path, service, port);
    }

    /// <summary>
    /// Returns the dispatch task, observed when <paramref name="call"/> is. Puts the caller's
    /// current activity back: the span must not leak into the server's own request pipeline.
    /// </summary>
    public static Task Complete(in RaftServerCall call, HttpContext context, Task dispatch)
    {
        if (call.Activity is null && !call.Measured)
        {
            return dispatch;
        }

        Activity.Current = call.Parent;
        return CompleteAsync(call, context, dispatch);
    }

    private static async Task CompleteAsync(RaftServerCall call, HttpContext context, Task dispatch)
    {
        try
        {
            await dispatch.ConfigureAwait(false);
        }
        finally
        {
            Stop(call, context);
        }
    }

    private static void Stop(in RaftServerCall call, HttpContext context)
    {
        int status = context.Response.StatusCode;
        string? errorType = status >= 400 ? status.ToString(CultureInfo.InvariantCulture) : null;
        if (call.Activity is Activity activity)
        {
            activity.SetTag(RaftTags.StatusCode, status);
            if (errorType is not null)
            {
                activity.SetTag(RaftTags.ErrorType, errorType);
                if (status >= 500)
                {
                    activity.SetStatus(ActivityStatusCode.Error);
                }
            }

            activity.Stop();
        }

        if (!call.Measured)
        {
            return;
        }

        TagList tags = Tags(call.Method, call.Path, call.Service, call.Port);
        RaftInstruments.ServerActive.Add(-1, tags);
        tags.Add(RaftTags.StatusCode, status);
        if (errorType is not null)
        {
            tags.Add(RaftTags.ErrorType, errorType);
            RaftInstruments.ServerFailures.Add(1, tags);
        }

        RaftInstruments.ServerDuration.Record(Stopwatch.GetElapsedTime(call.StartTimestamp).TotalSeconds, tags);
        StreamedBodyBytes? streamed = context.Features.Get<StreamedBodyBytes>();
        if ((streamed?.Request ?? context.Request.ContentLength) is long requestSize)
        {
            RaftInstruments.ServerRequestSize.Record(requestSize, tags);
        }

        if ((streamed?.Response ?? context.Response.ContentLength) is long responseSize)
        {
            RaftInstruments.ServerResponseSize.Record(responseSize, tags);
        }
    }

    // ASP.NET Core makes a request activity whenever logging is on, listened to or not (it then
    // inherits the caller's "recorded" flag, so that flag says nothing). When no listener of its
    // source exports it, parenting on it would hang our span under a span no backend receives; the
    // caller's span from traceparent is then the parent. When it is listened to, it stays the parent.
    private static bool IsUnrecordedHostActivity(Activity activity) =>
        activity.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn" && !activity.Source.HasListeners();

    private static ActivityContext? RemoteParent(IHeaderDictionary headers)
    {
        DistributedContextPropagator.Current.ExtractTraceIdAndState(
            headers,
            static (carrier, name, out value, out values) =>
            {
                values = null;
                value = carrier is IHeaderDictionary h && h.TryGetValue(name, out var v) ? v.ToString() : null;
            },
            out string? traceParent,
            out string? traceState);
        return traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out ActivityContext context)
            ? context
            : null;
    }

    private static TagList Tags(string method, string path, string service, int port)
    {
        var tags = new TagList
        {
            { RaftTags.RpcSystem, RaftDiagnostics.RpcSystem },
            { RaftTags.RpcService, service },
            { RaftTags.RpcMethod, path },
            { RaftTags.HttpMethod, method },
        };
        if (port != 0)
        {
            tags.Add(RaftTags.ServerPort, port);
        }

        return tags;
    }
}

/// <summary>What <see cref="RaftServerInstrumentation.Start"/> handed out for one call; default when nothing is observed.</summary>
internal readonly struct RaftServerCall
{
    public RaftServerCall(Activity? parent, Activity? activity, long startTimestamp, bool measured, string method, string path, string service, int port)
    {
        Port = port;
        Parent = parent;
        Activity = activity;
        StartTimestamp = startTimestamp;
        Measured = measured;
        Method = method;
        Path = path;
        Service = service;
    }

    public Activity? Parent { get; }

    public Activity? Activity { get; }

    public long StartTimestamp { get; }

    public bool Measured { get; }

    public string Method { get; }

    public string Path { get; }

    public string Service { get; }

    /// <summary>The port the call came in on; 0 when there is none.</summary>
    public int Port { get; }
}
