using System;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RaftSdk.Server;

/// <summary>What every call of one endpoint shares: settings, the memory budget and its lane for field-dense bodies, the log and its flood gate.</summary>
internal sealed class ServerCallServices
{
    public ServerCallServices(RaftServerOptions options)
    {
        Options = options;
        Budget = new RequestMemoryBudget(options.EffectiveMaxRequestBytesInFlight);
        Logger = options.LoggerFactory?.CreateLogger("RaftSdk.Server") ?? NullLogger.Instance;
        Gate = new LogFloodGate(LogKinds, TimeSpan.FromSeconds(10));
        RetryAfterSeconds = Math.Max(1, (int)Math.Ceiling(options.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Flood-gate slots: one per refusal kind, then handler faults, then our own faults.</summary>
    public const int HandlerFaultSlot = 9;
    public const int ServerFaultSlot = 10;
    private const int LogKinds = 11;

    public RaftServerOptions Options { get; }

    public RequestMemoryBudget Budget { get; }

    public DenseDecodeLane DenseLane { get; } = new();

    public ILogger Logger { get; }

    public LogFloodGate Gate { get; }

    public string RetryAfterSeconds { get; }
}
