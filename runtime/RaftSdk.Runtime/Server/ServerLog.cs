using System;
using Microsoft.Extensions.Logging;

namespace RaftSdk.Server;

/// <summary>
/// What the server logs. Event ids 100-199: calls the server refused or failed; 400-499: TLS.
/// Refusals are what a flood is made of, so callers go through <see cref="LogFloodGate"/>:
/// <c>suppressed</c> counts the like events left out since the last one logged.
/// </summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 101, EventName = "RequestRefused", Level = LogLevel.Information,
        Message = "Refused {Method} {Path} from {RemoteAddress} with {StatusCode}: {Reason} ({Suppressed} like refusals not logged since the last)")]
    public static partial void RequestRefused(ILogger logger, string method, string path, string remoteAddress, int statusCode, string reason, long suppressed);

    [LoggerMessage(EventId = 150, EventName = "HandlerFailed", Level = LogLevel.Warning,
        Message = "{Method} {Path} from {RemoteAddress} failed in the service and was answered {StatusCode} ({Suppressed} like failures not logged since the last)")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string method, string path, string remoteAddress, int statusCode, long suppressed);

    [LoggerMessage(EventId = 151, EventName = "ServerFault", Level = LogLevel.Error,
        Message = "{Method} {Path} from {RemoteAddress} failed in RaftSdk itself and was answered 500 ({Suppressed} like faults not logged since the last)")]
    public static partial void ServerFault(ILogger logger, Exception exception, string method, string path, string remoteAddress, long suppressed);

    [LoggerMessage(EventId = 401, EventName = "ClientCertificateRefused", Level = LogLevel.Warning,
        Message = "Refused the TLS client certificate of {RemoteAddress} (subject '{Subject}', issuer '{Issuer}'): {Reason} ({Suppressed} like refusals not logged since the last)")]
    public static partial void ClientCertificateRefused(ILogger logger, string remoteAddress, string subject, string issuer, string reason, long suppressed);
}

/// <summary>
/// Bounds a log flood: per kind, the first event of each interval is logged (with the count
/// left out before it) and the rest only counted. Thread-safe and allocation-free.
/// </summary>
internal sealed class LogFloodGate
{
    private readonly long _intervalTicks;
    private readonly Slot[] _slots;

    public LogFloodGate(int kinds, TimeSpan interval)
    {
        _intervalTicks = (long)(interval.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        _slots = new Slot[kinds];
        for (int i = 0; i < kinds; i++)
        {
            _slots[i] = new Slot(long.MinValue / 2);
        }
    }

    /// <summary>True when an event of <paramref name="kind"/> should be logged now; <paramref name="suppressed"/> is how many were left out before it.</summary>
    public bool ShouldLog(int kind, out long suppressed)
    {
        Slot slot = _slots[kind];
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        long last = System.Threading.Interlocked.Read(ref slot.LastLogged);
        if (now - last >= _intervalTicks
            && System.Threading.Interlocked.CompareExchange(ref slot.LastLogged, now, last) == last)
        {
            suppressed = System.Threading.Interlocked.Exchange(ref slot.Suppressed, 0);
            return true;
        }

        System.Threading.Interlocked.Increment(ref slot.Suppressed);
        suppressed = 0;
        return false;
    }

    private sealed class Slot(long lastLogged)
    {
        public long LastLogged = lastLogged;
        public long Suppressed;
    }
}
