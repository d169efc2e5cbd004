using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using RaftSdk.Samples.Cluster.Scenario;
using Xunit;
using Xunit.Abstractions;

namespace RaftSdk.Cluster.Tests;

/// <summary>
/// The launcher's scenario, short: three node processes, 2 x 150 writes through random nodes,
/// one SIGKILL of the leader, a restart and a catch-up, then the safety checks. Waits are
/// scaled for a loaded two-core machine; the scenario kills every process it started by id in
/// its finally, and the test checks that none is left. One class: the runs (changeagent and
/// DotNext nodes, plain and mutual TLS) do not overlap.
/// </summary>
public class ClusterProcessTests
{
    private readonly ITestOutputHelper _output;

    public ClusterProcessTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ThreeNodes_SurviveALeaderKill_AndLoseNoAcknowledgedWrite(bool tls)
    {
        var options = new ScenarioOptions { Nodes = 3, Writes = 150, Clients = 4, Kills = 1, Tls = tls, TimeoutScale = 3, Quiet = true };

        ScenarioResult result = await ClusterScenario.RunAsync(options, live: null);

        foreach (string line in result.Timeline.Concat(result.NodeSummaries).Concat(result.Violations))
        {
            _output.WriteLine(line);
        }

        Assert.True(result.Passed, "Violations:\n" + string.Join("\n", result.Violations) + "\nData kept in " + result.DataDirectory);
        Assert.Equal(new[] { "r1a", "r1b" }, result.Phases.Select(p => p.Name));
        Assert.All(result.Phases, p => Assert.Equal(150, p.Acknowledged.Count));
        Assert.Equal(300, result.Phases.SelectMany(p => p.Acknowledged).Select(a => a.Index).Distinct().Count());
        _ = Assert.Single(result.TimesToNewLeader);
        // The restarted node was unreachable for the new leader, which catches it up with Join batches first.
        Assert.Contains(result.Timeline, line => line.Contains("up to", StringComparison.Ordinal) && line.Contains("Join batch", StringComparison.Ordinal));
        Assert.Equal(3, result.NodeSummaries.Count);
        Assert.True(result.StartedProcessIds.Count >= 4, "three nodes and the restart of the killed one"); // more when a port was busy for a moment
        Assert.All(result.StartedProcessIds, pid => Assert.False(IsRunning(pid), $"process {pid} still runs"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ThreeDotNextNodes_SurviveALeaderKill_AndLoseNoAcknowledgedWrite(bool tls)
    {
        var options = new ScenarioOptions { Nodes = 3, Writes = 150, Clients = 4, Kills = 1, Tls = tls, TimeoutScale = 3, Quiet = true, Engine = NodeEngine.DotNext };

        ScenarioResult result = await ClusterScenario.RunAsync(options, live: null);

        foreach (string line in result.Timeline.Concat(result.NodeSummaries).Concat(result.Violations))
        {
            _output.WriteLine(line);
        }

        Assert.True(result.Passed, "Violations:\n" + string.Join("\n", result.Violations) + "\nData kept in " + result.DataDirectory);
        Assert.Equal(new[] { "r1a", "r1b" }, result.Phases.Select(p => p.Name));
        Assert.All(result.Phases, p => Assert.Equal(150, p.Acknowledged.Count));
        Assert.Equal(300, result.Phases.SelectMany(p => p.Acknowledged).Select(a => a.Index).Distinct().Count());
        _ = Assert.Single(result.TimesToNewLeader);
        Assert.Contains(result.Timeline, line => line.Contains("caught up: applied", StringComparison.Ordinal));
        Assert.Equal(3, result.NodeSummaries.Count);
        Assert.True(result.StartedProcessIds.Count >= 4, "three nodes and the restart of the killed one");
        Assert.All(result.StartedProcessIds, pid => Assert.False(IsRunning(pid), $"process {pid} still runs"));
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using Process process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process any more
        }
    }
}
