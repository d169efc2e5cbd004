using System;
using System.Diagnostics;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RaftSdk.Transport;

namespace RaftSdk.Diagnostics;

/// <summary>
/// Spans, metrics and logs of one <see cref="RaftClientCore"/>, for its calls and for the calls of
/// its pipelines alike. A call costs two checks when nobody listens (no span, no instrument
/// enabled) and no failure happens.
/// </summary>
internal sealed class RaftClientInstrumentation
{
    private static readonly TimeSpan WarningWindow = TimeSpan.FromSeconds(30);

    private readonly ILogger _logger;
    private readonly FailureLogLimiter _limiter;
    private readonly string _scheme;

    public RaftClientInstrumentation(ILoggerFactory? loggerFactory, string scheme, TimeProvider? time = null)
    {
        _logger = (ILogger?)loggerFactory?.CreateLogger("RaftSdk.Client") ?? NullLogger.Instance;
        _limiter = new FailureLogLimiter(WarningWindow, time);
        _scheme = scheme;
    }

    /// <summary>Starts the span (with <c>traceparent</c> on <paramref name="message"/>) and the measurements of one call through the pooled handler.</summary>
    public RaftClientCall? Start(string address, RaftClientRoute route, HttpRequestMessage message)
    {
        RaftClientCall? call = Start(address, route);
        if (call?.Activity is Activity activity)
        {
            // The peer's server span becomes a child of this one. Set here rather than left to
            // SocketsHttpHandler so that it holds whatever the app's propagation switches say.
            DistributedContextPropagator.Current.Inject(activity, message, static (carrier, name, value) =>
            {
                if (carrier is HttpRequestMessage request && name is not null && !request.Headers.Contains(name))
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
            });
        }

        return call;
    }

    /// <summary>
    /// Starts the span and the measurements of one call; null, and no allocation, when nothing
    /// listens (the caller then carries one null reference). A pipeline writes the propagation
    /// headers of <see cref="RaftClientCall.Activity"/> into its request itself.
    /// </summary>
    public RaftClientCall? Start(string address, RaftClientRoute route)
    {
        Activity? activity = RaftDiagnostics.ActivitySource.HasListeners()
            ? RaftDiagnostics.ActivitySource.StartActivity(route.ToString(), ActivityKind.Client)
            : null;
        bool measured = RaftInstruments.ClientMeasured;
        if (activity is null && !measured)
        {
            return null;
        }

        SplitAddress(address, out string host, out int port);
        if (activity is not null)
        {
            if (activity.IsAllDataRequested)
            {
                activity.SetTag(RaftTags.RpcSystem, RaftDiagnostics.RpcSystem);
                activity.SetTag(RaftTags.RpcMethod, route.Path);
                activity.SetTag(RaftTags.HttpMethod, route.Method);
                activity.SetTag(RaftTags.ServerAddress, host);
                activity.SetTag(RaftTags.ServerPort, port);
                activity.SetTag(RaftTags.UrlScheme, _scheme);
            }
        }

        if (measured)
        {
            RaftInstruments.ClientActive.Add(1, Tags(host, port, route));
        }

        return new RaftClientCall(activity, measured ? Stopwatch.GetTimestamp() : 0, measured, host, port);
    }

    /// <summary>Ends the call: records duration, sizes and failure, and logs the failure (bounded).</summary>
    public void Stop(RaftClientCall? call, string address, RaftClientRoute route, long? requestSize, Exception? failure)
    {
        if (failure is not null)
        {
            LogFailure(address, route, failure);
        }
        else if (_limiter.OnSuccess(address, out long failures))
        {
            ClientLog.PeerRecovered(_logger, address, failures);
        }

        if (call is null)
        {
            return;
        }

        int statusCode = call.StatusCode;
        long? responseSize = call.ResponseSize;
        string? errorType = failure is null ? null : RaftErrorTypes.Of(failure);
        if (failure is RaftStatusException status)
        {
            statusCode = status.StatusCode;
        }

        if (call.Activity is Activity activity)
        {
            if (statusCode != 0)
            {
                activity.SetTag(RaftTags.StatusCode, statusCode);
            }

            if (errorType is not null)
            {
                activity.SetTag(RaftTags.ErrorType, errorType);
                activity.SetStatus(ActivityStatusCode.Error, failure!.Message);
            }

            activity.Dispose();
        }

        if (call.Measured)
        {
            TagList tags = Tags(call.Host, call.Port, route);
            RaftInstruments.ClientActive.Add(-1, tags);
            if (statusCode != 0)
            {
                tags.Add(RaftTags.StatusCode, statusCode);
            }

            if (errorType is not null)
            {
                tags.Add(RaftTags.ErrorType, errorType);
                RaftInstruments.ClientFailures.Add(1, tags);
            }

            RaftInstruments.ClientDuration.Record(Stopwatch.GetElapsedTime(call.StartTimestamp).TotalSeconds, tags);
            if (requestSize is long sent)
            {
                RaftInstruments.ClientRequestSize.Record(sent, tags);
            }

            if (responseSize is long size)
            {
                RaftInstruments.ClientResponseSize.Record(size, tags);
            }
        }
    }

    private void LogFailure(string address, RaftClientRoute route, Exception failure)
    {
        if (failure is OperationCanceledException)
        {
            return; // the caller asked for it
        }

        string errorType = RaftErrorTypes.Of(failure);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            ClientLog.CallFailed(_logger, route.Method, route.Path, address, errorType, failure);
        }

        if (_logger.IsEnabled(LogLevel.Warning) && _limiter.OnFailure(address, errorType, out long suppressed))
        {
            ClientLog.PeerFailing(_logger, address, errorType, failure.Message, suppressed, _limiter.Window.TotalSeconds);
        }
    }

    private static TagList Tags(string host, int port, RaftClientRoute route)
    {
        return new TagList
        {
            { RaftTags.RpcSystem, RaftDiagnostics.RpcSystem },
            { RaftTags.RpcMethod, route.Path },
            { RaftTags.HttpMethod, route.Method },
            { RaftTags.ServerAddress, host },
            { RaftTags.ServerPort, port },
        };
    }

    private static void SplitAddress(string address, out string host, out int port)
    {
        int colon = address.LastIndexOf(':');
        if (colon > 0 && int.TryParse(address.AsSpan(colon + 1), out port))
        {
            host = address[..colon].Trim('[', ']');
            return;
        }

        host = address;
        port = 0;
    }
}

/// <summary>What <see cref="RaftClientInstrumentation.Start(string, RaftClientRoute)"/> handed out for one observed call.</summary>
internal sealed class RaftClientCall
{
    public RaftClientCall(Activity? activity, long startTimestamp, bool measured, string host, int port)
    {
        Activity = activity;
        StartTimestamp = startTimestamp;
        Measured = measured;
        Host = host;
        Port = port;
    }

    public string Host { get; }

    public int Port { get; }

    public Activity? Activity { get; }

    public long StartTimestamp { get; }

    public bool Measured { get; }

    public int StatusCode { get; private set; }

    public long? ResponseSize { get; private set; }

    public void OnResponse(HttpResponseMessage response) => OnResponse((int)response.StatusCode, response.Content.Headers.ContentLength);

    public void OnResponse(int statusCode, long? responseSize)
    {
        StatusCode = statusCode;
        ResponseSize = responseSize;
    }

    /// <summary>A body without a Content-Length (a streamed answer): its size is the bytes read when the call ends.</summary>
    public void OnBodyRead(long bytes) => ResponseSize = bytes;
}
