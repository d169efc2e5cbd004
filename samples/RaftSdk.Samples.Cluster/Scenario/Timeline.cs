using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace RaftSdk.Samples.Cluster.Scenario;

/// <summary>What happened, when (seconds since the launcher started), printed as it happens unless quiet.</summary>
public sealed class Timeline
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private readonly List<string> _lines = new();
    private readonly TextWriter? _live;

    public Timeline(TextWriter? live)
    {
        _live = live;
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToArray();
            }
        }
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Add(string text) => AddAt(_clock.Elapsed, text);

    /// <summary>An event stamped by a node's clock (same machine), placed at its own time.</summary>
    public void Add(DateTimeOffset at, string text) => AddAt(at - _startedAt, text);

    private void AddAt(TimeSpan at, string text)
    {
        string line = $"t+{at.TotalSeconds,7:0.000}s  {text}";
        lock (_lines)
        {
            _lines.Add(line);
            _live?.WriteLine(line);
        }
    }
}
