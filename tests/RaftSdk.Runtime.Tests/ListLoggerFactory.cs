using System;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RaftSdk.Runtime.Tests;

/// <summary>Keeps every log entry (event id, formatted text, category and level) for assertions.</summary>
internal sealed class ListLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<(int EventId, string Message, string Category, LogLevel Level)> Entries { get; } = new();

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => new ListLogger(Entries, categoryName);

    public void Dispose()
    {
    }

    private sealed class ListLogger(ConcurrentQueue<(int EventId, string Message, string Category, LogLevel Level)> entries, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((eventId.Id, formatter(state, exception), category, logLevel));
    }
}
