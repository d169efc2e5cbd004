using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Samples.Cluster.Checks;
using RaftSdk.Samples.Cluster.Processes;
using RaftSdk.Tls;

namespace RaftSdk.Samples.Cluster.Scenario;

/// <summary>
/// The launcher's run: start the nodes, wait for a leader, write; then per kill round: SIGKILL the
/// leader, wait for a new one, write with a node down, restart the killed node and wait until it
/// has caught up. Finally wait until every node has applied everything and check safety.
/// </summary>
public static class ClusterScenario
{
    public static async Task<ScenarioResult> RunAsync(ScenarioOptions options, TextWriter? live, CancellationToken cancellationToken = default)
    {
        var timeline = new Timeline(options.Quiet ? null : live);
        var violations = new List<string>();
        var phases = new List<PhaseResult>();
        var timesToNewLeader = new List<TimeSpan>();
        var summaries = new List<string>();
        IReadOnlyList<int> processIds = Array.Empty<int>();
        string root = Path.Combine(Path.GetTempPath(), $"raftsdk-cluster-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(root);
        timeline.Add($"{options.Nodes} nodes, {options.RunName}, {(options.Tls ? "mutual TLS (throwaway certificates)" : "plain")}, data and logs in {root}");

        using var api = new NodeApi(options.Scaled(20));
        LocalCluster? cluster = null;
        try
        {
            cluster = new LocalCluster(CreateSpecs(options, root), root, options, timeline, api);
            await Task.WhenAll(Enumerable.Range(0, cluster.Count).Select(i => cluster.StartAsync(i, cancellationToken))).ConfigureAwait(false);
            (int leader, NodeStatusView status) = await cluster.WaitForLeaderAsync(1, options.Scaled(30), cancellationToken).ConfigureAwait(false);
            timeline.Add($"{cluster.Name(leader)} leads term {status.Term}");

            if (options.Kills == 0)
            {
                phases.Add(await WriteAsync(cluster, "writes", options, timeline, cancellationToken).ConfigureAwait(false));
            }

            for (int round = 1; round <= options.Kills; round++)
            {
                phases.Add(await WriteAsync(cluster, $"r{round}a", options, timeline, cancellationToken).ConfigureAwait(false));
                (leader, status) = await cluster.WaitForLeaderAsync(status.Term, options.Scaled(30), cancellationToken).ConfigureAwait(false);

                DateTimeOffset killedAt = DateTimeOffset.UtcNow;
                cluster.Kill(leader);
                timeline.Add($"SIGKILL {cluster.Name(leader)}, leader of term {status.Term}");
                await cluster.WaitForExitAsync(leader).ConfigureAwait(false);
                int killed = leader;
                (leader, NodeStatusView next) = await cluster.WaitForLeaderAsync(status.Term + 1, options.Scaled(30), cancellationToken).ConfigureAwait(false);
                LeaderEvent? elected = cluster.Leaders.FirstOrDefault(l => l.Term == next.Term && l.NodeId == next.Id);
                TimeSpan took = (elected?.At ?? DateTimeOffset.UtcNow) - killedAt;
                timesToNewLeader.Add(took);
                timeline.Add($"{cluster.Name(leader)} leads term {next.Term}: {took.TotalMilliseconds:0} ms after the kill");
                status = next;

                phases.Add(await WriteAsync(cluster, $"r{round}b", options, timeline, cancellationToken).ConfigureAwait(false));

                DateTimeOffset restartedAt = DateTimeOffset.UtcNow;
                await cluster.StartAsync(killed, cancellationToken).ConfigureAwait(false);
                ulong target = await CommitIndexOfLeaderAsync(cluster, options, cancellationToken).ConfigureAwait(false);
                NodeStatusView caughtUp = await WaitUntilAppliedAsync(cluster, killed, target, options.Scaled(60), cancellationToken).ConfigureAwait(false);
                timeline.Add($"{cluster.Name(killed)} caught up: applied {caughtUp.LastApplied} (leader's commit index was {target}), {(DateTimeOffset.UtcNow - restartedAt).TotalMilliseconds:0} ms after its restart");
            }

            IReadOnlyList<(int Index, NodeStatusView Status)> final = await WaitUntilConvergedAsync(cluster, options.Scaled(60), cancellationToken).ConfigureAwait(false);
            foreach ((int index, NodeStatusView node) in final)
            {
                summaries.Add($"{cluster.Name(index)}: {node.Role,-8} term {node.Term}, {node.LastIndex} entries (last term {node.LastTerm}), commit {node.CommitIndex}, applied {node.LastApplied}, {node.Keys} keys");
            }

            AcknowledgedWrite[] acknowledged = phases.SelectMany(p => p.Acknowledged).ToArray();
            violations.AddRange(SafetyChecks.OneLeaderPerTerm(cluster.Leaders));
            violations.AddRange(await SafetyChecks.LogsAgreeAsync(cluster, final, cancellationToken).ConfigureAwait(false));
            violations.AddRange(await SafetyChecks.EachWriteOnceAsync(cluster, final, cancellationToken).ConfigureAwait(false));
            violations.AddRange(await SafetyChecks.AcknowledgedWritesSurviveAsync(cluster, final.Select(f => f.Index).ToArray(), acknowledged, cancellationToken).ConfigureAwait(false));
            foreach (PhaseResult phase in phases.Where(p => p.GaveUp.Count > 0))
            {
                violations.Add($"Liveness: phase {phase.Name} gave up on {phase.GaveUp.Count} write(s) after retrying, e.g. {phase.GaveUp[0]}");
            }

            timeline.Add($"checked: {acknowledged.Length} acknowledged writes, {cluster.Leaders.Count} elections, logs of {final.Count} nodes");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong, the run did not show the cluster is safe: report it, with its type for a bug.
            string failure = exception is TimeoutException or InvalidOperationException ? exception.Message : exception.ToString();
            violations.Add($"The run failed: {failure}");
            timeline.Add($"FAILED: {exception.Message}");
        }
        finally
        {
            if (cluster is not null)
            {
                processIds = cluster.StartedProcessIds;
                await cluster.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (violations.Count == 0 && !options.Keep)
        {
            Directory.Delete(root, recursive: true);
        }

        return new ScenarioResult(violations, timeline.Lines, phases, timesToNewLeader, summaries, processIds, root);
    }

    private static NodeSpec[] CreateSpecs(ScenarioOptions options, string root)
    {
        int[] ports = FreePorts.Take(options.Nodes * 2);
        using DevelopmentCertificateAuthority? authority = options.Tls ? DevelopmentCertificateAuthority.Create("RaftSdk cluster sample CA (throwaway)") : null;
        var specs = new NodeSpec[options.Nodes];
        for (int i = 0; i < options.Nodes; i++)
        {
            ulong id = (ulong)i + 1;
            string? tls = null;
            if (authority is not null)
            {
                NodeCertificateFiles files = authority.WriteNodeFiles(Path.Combine(root, "pki"), $"node{id}");
                tls = Path.GetDirectoryName(files.KeyFile);
            }

            specs[i] = new NodeSpec(id, ports[2 * i], ports[(2 * i) + 1], Path.Combine(root, $"node{id}"), tls);
        }

        return specs;
    }

    private static async Task<PhaseResult> WriteAsync(LocalCluster cluster, string phase, ScenarioOptions options, Timeline timeline, CancellationToken cancellationToken)
    {
        string through = string.Join(", ", cluster.Running.Select(cluster.Name));
        bool phases = options.Engine == NodeEngine.DotNext;
        if (phases)
        {
            await Task.WhenAll(cluster.Running.Select(i => cluster.Api.TryResetPhasesAsync(cluster.Specs[i].HttpPort, cancellationToken))).ConfigureAwait(false);
        }

        TimeSpan cpuBefore = cluster.ProcessorTimeOfRunning();
        PhaseResult result = await WriteLoad.RunAsync(cluster, phase, options.Writes, options.Clients, options.Scaled(30), cancellationToken).ConfigureAwait(false);
        result = result with { NodeCpu = cluster.ProcessorTimeOfRunning() - cpuBefore };
        if (phases)
        {
            result = result with { LeaderPhases = await LeaderPhasesAsync(cluster, cancellationToken).ConfigureAwait(false) };
        }
        timeline.Add($"writes {phase} through {through}: {result.Describe()}");
        return result;
    }

    // The node that replicated the most writes of the phase: the leader, or the last one if an election came in the middle.
    private static async Task<PhasesView?> LeaderPhasesAsync(LocalCluster cluster, CancellationToken cancellationToken)
    {
        PhasesView?[] all = await Task.WhenAll(cluster.Running.Select(i => cluster.Api.TryPhasesAsync(cluster.Specs[i].HttpPort, cancellationToken))).ConfigureAwait(false);
        return all.Where(p => p is not null).MaxBy(p => p!.Replicate.Count);
    }

    private static async Task<ulong> CommitIndexOfLeaderAsync(LocalCluster cluster, ScenarioOptions options, CancellationToken cancellationToken)
    {
        (_, NodeStatusView leader) = await cluster.WaitForLeaderAsync(1, options.Scaled(30), cancellationToken).ConfigureAwait(false);
        return leader.CommitIndex;
    }

    private static async Task<NodeStatusView> WaitUntilAppliedAsync(LocalCluster cluster, int index, ulong target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        NodeStatusView? status = null;
        while (DateTime.UtcNow < deadline)
        {
            status = await cluster.Api.TryStatusAsync(cluster.Specs[index].HttpPort, cancellationToken).ConfigureAwait(false);
            if (status is not null && status.LastApplied >= target)
            {
                return status;
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"{cluster.Name(index)} did not catch up to {target} within {timeout.TotalSeconds:0.#} s (last status: {status?.ToString() ?? "none"}).");
    }

    /// <summary>Waits until every node has applied the same last committed index, with one leader in the newest term.</summary>
    private static async Task<IReadOnlyList<(int Index, NodeStatusView Status)>> WaitUntilConvergedAsync(LocalCluster cluster, TimeSpan timeout, CancellationToken cancellationToken)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        (int Index, NodeStatusView? Status)[] statuses = Array.Empty<(int, NodeStatusView?)>();
        while (DateTime.UtcNow < deadline)
        {
            statuses = await cluster.StatusesAsync(cancellationToken).ConfigureAwait(false);
            if (statuses.All(s => s.Status is not null))
            {
                NodeStatusView[] all = statuses.Select(s => s.Status!).ToArray();
                ulong commit = all.Max(s => s.CommitIndex);
                if (all.All(s => s.CommitIndex == commit && s.LastApplied == commit && s.Term == all[0].Term) && all.Count(s => s.IsLeader) == 1)
                {
                    return statuses.Select(s => (s.Index, s.Status!)).ToArray();
                }
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"The nodes did not converge within {timeout.TotalSeconds:0.#} s: {string.Join("; ", statuses.Select(s => s.Status?.ToString() ?? $"{cluster.Name(s.Index)} silent"))}");
    }
}
