using System;
using System.Diagnostics;
using System.IO;
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

    /// <summary>
    /// The DotNext node on DotNext's own HTTP transport (the baseline of the side-by-side figures)
    /// through the launcher: the transport switch reaches the nodes and the same checks hold.
    /// </summary>
    [Fact]
    public async Task ThreeDotNextNodes_OnDotNextsHttpTransport_SurviveALeaderKill_AndLoseNoAcknowledgedWrite()
    {
        var options = new ScenarioOptions { Nodes = 3, Writes = 60, Clients = 4, Kills = 1, TimeoutScale = 3, Quiet = true, Keep = true, Engine = NodeEngine.DotNext, Transport = DotNextTransport.Http };

        ScenarioResult result = await ClusterScenario.RunAsync(options, live: null);
        string[] logs = Enumerable.Range(1, 3).Select(id => File.ReadAllText(Path.Combine(result.DataDirectory, $"node{id}.log"))).ToArray();
        if (result.Passed)
        {
            Directory.Delete(result.DataDirectory, recursive: true); // kept only to read the node logs
        }

        foreach (string line in result.Timeline.Concat(result.NodeSummaries).Concat(result.Violations))
        {
            _output.WriteLine(line);
        }

        Assert.True(result.Passed, "Violations:\n" + string.Join("\n", result.Violations) + "\nData kept in " + result.DataDirectory);
        Assert.Contains("3 nodes, DotNext over DotNext HTTP, plain, data and logs in ", result.Timeline[0], StringComparison.Ordinal);
        // Each node (its first start) says it runs DotNext's HTTP transport, not RaftSdk's.
        Assert.All(logs, log => Assert.Contains(" on DotNext over DotNext HTTP (DotNext.AspNetCore.Cluster): Raft on 127.0.0.1:", log, StringComparison.Ordinal));
        Assert.All(logs, log => Assert.DoesNotContain("RaftSdk", log, StringComparison.Ordinal));
        Assert.Equal(new[] { "r1a", "r1b" }, result.Phases.Select(p => p.Name));
        Assert.All(result.Phases, p => Assert.Equal(60, p.Acknowledged.Count));
        Assert.Equal(120, result.Phases.SelectMany(p => p.Acknowledged).Select(a => a.Index).Distinct().Count());
        _ = Assert.Single(result.TimesToNewLeader);
        Assert.Contains(result.Timeline, line => line.Contains("caught up: applied", StringComparison.Ordinal));
        Assert.Equal(3, result.NodeSummaries.Count);
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
