using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RaftSdk.Hosting;

/// <summary>
/// Healthy when the separate listener (if any contract was added to it) is bound and every
/// contract, on the listener or mapped onto the app, has its implementation set. Register with
/// <c>services.AddHealthChecks().AddRaftSdk()</c> and serve with <c>app.MapHealthChecks("/healthz")</c>.
/// </summary>
public sealed class RaftNodeHealthCheck : IHealthCheck
{
    private readonly RaftListenerService _listener;
    private readonly RaftMappedContracts _mapped;

    /// <summary>Created by the container.</summary>
    /// <param name="listener">The separate listener.</param>
    /// <param name="mapped">The contracts mapped onto the app.</param>
    internal RaftNodeHealthCheck(RaftListenerService listener, RaftMappedContracts mapped)
    {
        _listener = listener;
        _mapped = mapped;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        if (_listener.IsConfigured)
        {
            if (_listener.IsListening)
            {
                data["port"] = _listener.Port;
                data["scheme"] = _listener.Scheme!;
            }
            else
            {
                problems.Add("the listener is not bound");
            }
        }

        var contracts = _listener.Contracts.Concat(_mapped.Contracts).ToArray();
        data["contracts"] = string.Join(", ", contracts.Select(c => c.Name));
        foreach (RaftHostedContract contract in contracts)
        {
            if (!contract.IsServiceSet())
            {
                problems.Add($"{contract.Name} has no implementation set (its routes answer 503)");
            }
        }

        if (contracts.Length == 0 && !_listener.IsConfigured)
        {
            problems.Add("no contract is served");
        }

        HealthCheckResult result = problems.Count == 0
            ? HealthCheckResult.Healthy(_listener.IsListening ? $"serving on port {_listener.Port}" : "serving on the app", data)
            : new HealthCheckResult(context.Registration.FailureStatus, string.Join("; ", problems), data: data);
        return Task.FromResult(result);
    }
}

/// <summary>Adds <see cref="RaftNodeHealthCheck"/> to the health checks.</summary>
public static class RaftSdkHealthChecksBuilderExtensions
{
    /// <summary>Adds the node's health check (listener bound, implementations set).</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name; <c>raftsdk</c> by default.</param>
    /// <param name="failureStatus">The status reported on failure; Unhealthy by default.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddRaftSdk(this IHealthChecksBuilder builder, string name = "raftsdk", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new RaftNodeHealthCheck(sp.GetRequiredService<RaftListenerService>(), sp.GetRequiredService<RaftMappedContracts>()),
            failureStatus,
            tags));
    }
}
