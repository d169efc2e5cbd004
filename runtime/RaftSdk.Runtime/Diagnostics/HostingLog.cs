using System;
using Microsoft.Extensions.Logging;

namespace RaftSdk.Diagnostics;

/// <summary>Hosting log messages, event ids 300-399 (see docs/operations.md). Ids are stable: never reuse one.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 300, EventName = "ListenerStarted", Level = LogLevel.Information,
        Message = "RaftSdk listener serving {Contracts} on {Scheme}://{BindAddress}:{Port}.")]
    public static partial void ListenerStarted(ILogger logger, string contracts, string scheme, string bindAddress, int port);

    [LoggerMessage(EventId = 301, EventName = "ListenerStopping", Level = LogLevel.Information,
        Message = "RaftSdk listener on port {Port} stopping; calls in flight get up to {DrainSeconds} s to finish.")]
    public static partial void ListenerStopping(ILogger logger, int port, double drainSeconds);

    [LoggerMessage(EventId = 302, EventName = "ListenerStopped", Level = LogLevel.Information,
        Message = "RaftSdk listener on port {Port} stopped after {ElapsedMilliseconds} ms.")]
    public static partial void ListenerStopped(ILogger logger, int port, long elapsedMilliseconds);

    [LoggerMessage(EventId = 303, EventName = "ListenerFailedToStart", Level = LogLevel.Critical,
        Message = "RaftSdk listener could not start on {BindAddress}:{Port}.")]
    public static partial void ListenerFailedToStart(ILogger logger, string bindAddress, int port, Exception exception);

    [LoggerMessage(EventId = 304, EventName = "ContractMapped", Level = LogLevel.Information,
        Message = "RaftSdk contract {Contract} mapped onto the app: {Paths}.")]
    public static partial void ContractMapped(ILogger logger, string contract, string paths);

    [LoggerMessage(EventId = 305, EventName = "TlsCredentialsLoaded", Level = LogLevel.Information,
        Message = "RaftSdk mutual TLS: node certificate {Subject} (expires {NotAfter:u}) from {CertificateFile}, CA file {CaFile}.")]
    public static partial void TlsCredentialsLoaded(ILogger logger, string subject, DateTime notAfter, string certificateFile, string caFile);

    [LoggerMessage(EventId = 306, EventName = "ServiceNotResolved", Level = LogLevel.Warning,
        Message = "RaftSdk contract {Contract} has no implementation registered; its routes answer 503 until one is.")]
    public static partial void ServiceNotResolved(ILogger logger, string contract);

    [LoggerMessage(EventId = 320, EventName = "TlsCredentialsReloaded", Level = LogLevel.Information,
        Message = "RaftSdk mutual TLS: files changed, new handshakes now use node certificate {Subject} (expires {NotAfter:u}) and {CaCount} CA certificate(s), generation {Generation}.")]
    public static partial void TlsCredentialsReloaded(ILogger logger, string subject, DateTime notAfter, int caCount, int generation);

    [LoggerMessage(EventId = 321, EventName = "TlsReloadFailed", Level = LogLevel.Warning,
        Message = "RaftSdk mutual TLS: the changed files do not load, the previous credentials stay in use: {Reason}")]
    public static partial void TlsReloadFailed(ILogger logger, string reason);
}
