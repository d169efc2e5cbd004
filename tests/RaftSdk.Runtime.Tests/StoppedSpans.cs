using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using RaftSdk.Diagnostics;

namespace RaftSdk.Runtime.Tests;

/// <summary>Every RaftSdk span stopped while this listens (all sampled and recorded).</summary>
internal sealed class StoppedSpans : IDisposable
{
    private readonly ActivityListener _listener;

    public StoppedSpans()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RaftDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ConcurrentQueue<Activity> Stopped { get; } = new();

    public void Dispose() => _listener.Dispose();
}
