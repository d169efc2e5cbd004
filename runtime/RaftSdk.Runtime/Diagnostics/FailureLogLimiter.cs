using System;
using System.Collections.Concurrent;
using System.Threading;

namespace RaftSdk.Diagnostics;

/// <summary>
/// Bounds the warnings about failing peers: per peer and failure kind at most one warning per
/// window, carrying the number of failures it stood for; the first success after a warning is
/// reported once. A peer that is down for an hour under 20 heartbeats a second thus writes one
/// line per window, not 72,000. At most <see cref="MaxTracked"/> peers are tracked; beyond that
/// they share one entry, so a client calling ever new addresses cannot grow this without bound.
/// </summary>
internal sealed class FailureLogLimiter
{
    public const int MaxTracked = 1024;
    private const string Overflow = "*";

    private readonly ConcurrentDictionary<(string Address, string ErrorType), Entry> _entries = new();
    private readonly ConcurrentDictionary<string, long> _failingPeers = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _failingCount;

    public FailureLogLimiter(TimeSpan window, TimeProvider? time = null)
    {
        Window = window;
        _time = time ?? TimeProvider.System;
    }

    public TimeSpan Window { get; }

    /// <summary>Counts a failure; true (with the failures not yet reported) when a warning is due now.</summary>
    public bool OnFailure(string address, string errorType, out long suppressed)
    {
        string key = _entries.Count >= MaxTracked && !_entries.ContainsKey((address, errorType)) ? Overflow : address;
        Entry entry = _entries.GetOrAdd((key, errorType), static _ => new Entry());
        // Keys are bounded by the entries above. A race with OnSuccess can at worst miss one
        // "recovered" line; it cannot grow anything.
        if (_failingPeers.TryAdd(key, 1))
        {
            Interlocked.Increment(ref _failingCount);
        }
        else
        {
            _failingPeers.AddOrUpdate(key, 1, static (_, n) => n + 1);
        }

        long now = _time.GetTimestamp();
        lock (entry)
        {
            if (entry.LastReported != 0 && _time.GetElapsedTime(entry.LastReported, now) < Window)
            {
                entry.Suppressed++;
                suppressed = 0;
                return false;
            }

            suppressed = entry.Suppressed;
            entry.Suppressed = 0;
            entry.LastReported = now;
            return true;
        }
    }

    /// <summary>Clears a peer's failure state; true (with its failure count) when failures had been reported.</summary>
    public bool OnSuccess(string address, out long failures)
    {
        // The common path, once per successful call: nothing is failing, one volatile read (not
        // ConcurrentDictionary.IsEmpty, which takes every lock when the dictionary is empty).
        if (Volatile.Read(ref _failingCount) == 0 || !_failingPeers.TryRemove(address, out failures))
        {
            failures = 0;
            return false;
        }

        Interlocked.Decrement(ref _failingCount);

        foreach (var key in _entries.Keys)
        {
            if (string.Equals(key.Address, address, StringComparison.Ordinal))
            {
                _entries.TryRemove(key, out _);
            }
        }

        return true;
    }

    private sealed class Entry
    {
        public long LastReported;
        public long Suppressed;
    }
}
