using System;
using Microsoft.Extensions.Logging;

namespace RaftSdk.Hosting;

/// <summary>
/// The logger factory the listener's own host (Kestrel, ASP.NET Core hosting) writes to: RaftSdk
/// categories pass as they are, every other category only from Warning up. ASP.NET Core writes
/// two Information lines per request ("Request starting", "Request finished") and Debug lines per
/// refused or malformed connection; on a node that answers heartbeats 20 times a second, or under
/// a flood of hostile connections, those would bury the rate-bounded RaftSdk lines (event ids
/// 101, 401) that already say what was refused and why.
/// </summary>
internal sealed class ListenerLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public const LogLevel MinimumForeignLevel = LogLevel.Warning;

    public ILogger CreateLogger(string categoryName)
    {
        ILogger logger = inner.CreateLogger(categoryName);
        return categoryName.StartsWith("RaftSdk", StringComparison.Ordinal) ? logger : new WarningsOnly(logger);
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The factory belongs to whoever passed it in; the listener's host must not dispose it.
    public void Dispose()
    {
    }

    private sealed class WarningsOnly(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= MinimumForeignLevel && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
