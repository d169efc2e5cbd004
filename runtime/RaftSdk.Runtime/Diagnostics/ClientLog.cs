using System;
using Microsoft.Extensions.Logging;

namespace RaftSdk.Diagnostics;

/// <summary>Client log messages, event ids 200-299 (see docs/operations.md). Ids are stable: never reuse one.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = 200, EventName = "ClientCallFailed", Level = LogLevel.Debug,
        Message = "{Method} {Path} to {Address} failed ({ErrorType}).")]
    public static partial void CallFailed(ILogger logger, string method, string path, string address, string errorType, Exception exception);

    [LoggerMessage(EventId = 201, EventName = "ClientPeerFailing", Level = LogLevel.Warning,
        Message = "Calls to {Address} fail ({ErrorType}): {Reason} {Suppressed} more such failures were not logged in the last {WindowSeconds} s.")]
    public static partial void PeerFailing(ILogger logger, string address, string errorType, string reason, long suppressed, double windowSeconds);

    [LoggerMessage(EventId = 202, EventName = "ClientPeerRecovered", Level = LogLevel.Information,
        Message = "Calls to {Address} succeed again after {Failures} failures.")]
    public static partial void PeerRecovered(ILogger logger, string address, long failures);
}
