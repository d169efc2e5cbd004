using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;

namespace RaftSdk.DotNext.Tests.Infrastructure;

/// <summary>
/// Counts the RaftSdk calls per route that reached one of the given ports and were answered 200:
/// as the callers recorded them (<c>rpc.client.call.duration</c>), or with <see cref="Served"/> as
/// the servers on those ports did (<c>rpc.server.call.duration</c>, whose <c>server.port</c> is the
/// port the call came in on); other tests running at the same time use other ports.
/// </summary>
internal sealed class CallCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly HashSet<int> _ports;
    private readonly Dictionary<string, int> _answered = new(StringComparer.Ordinal);

    public CallCounter(IEnumerable<int> ports)
        : this(ports, "rpc.client.call.duration")
    {
    }

    private CallCounter(IEnumerable<int> ports, string instrumentName)
    {
        _ports = ports.ToHashSet();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "RaftSdk" && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>Counts the calls the servers listening on <paramref name="ports"/> answered.</summary>
    public static CallCounter Served(IEnumerable<int> ports) => new(ports, "rpc.server.call.duration");

    /// <summary>Calls of <paramref name="route"/> answered 200 so far.</summary>
    public int Answered(string route)
    {
        lock (_answered)
        {
            return _answered.GetValueOrDefault(route);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? route = null;
        int port = 0;
        int status = 0;
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            switch (tag.Key)
            {
                case "rpc.method":
                    route = tag.Value as string;
                    break;
                case "server.port":
                    port = Convert.ToInt32(tag.Value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "http.response.status_code":
                    status = Convert.ToInt32(tag.Value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
            }
        }

        if (route is not null && status == 200 && _ports.Contains(port))
        {
            lock (_answered)
            {
                _answered[route] = _answered.GetValueOrDefault(route) + 1;
            }
        }
    }
}
