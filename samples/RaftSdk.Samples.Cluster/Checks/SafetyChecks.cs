using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Samples.Cluster.Scenario;

namespace RaftSdk.Samples.Cluster.Checks;

/// <summary>
/// What must hold after the run, once every node has applied everything committed:
/// Election Safety (at most one leader per term), State Machine Safety (the logs agree up to
/// the commit index), durability of acknowledged writes (each is in the log at the index it
/// was acknowledged with, and readable on every node) and exactly-once writes (no client's write
/// twice in the committed log). They read only the nodes' HTTP API, whatever engine serves it.
/// </summary>
public static class SafetyChecks
{
    public static IReadOnlyList<string> OneLeaderPerTerm(IReadOnlyList<LeaderEvent> leaders)
    {
        return leaders
            .GroupBy(l => l.Term)
            .Where(term => term.Select(l => l.NodeId).Distinct().Count() > 1)
            .Select(term => $"Election Safety: term {term.Key} had leaders {string.Join(" and ", term.Select(l => $"node{l.NodeId}").Distinct())}")
            .ToArray();
    }

    /// <summary>Every node's committed entries equal the entries of every other node at the same index.</summary>
    public static async Task<IReadOnlyList<string>> LogsAgreeAsync(LocalCluster cluster, IReadOnlyList<(int Index, NodeStatusView Status)> nodes, CancellationToken cancellationToken)
    {
        var violations = new List<string>();
        var logs = new Dictionary<int, List<LogEntryView>>();
        foreach ((int index, NodeStatusView status) in nodes)
        {
            List<LogEntryView> log = await cluster.Api.ReadLogAsync(cluster.Specs[index].HttpPort, status.CommitIndex, cancellationToken).ConfigureAwait(false);
            if ((ulong)log.Count != status.CommitIndex)
            {
                violations.Add($"Log Matching: {cluster.Name(index)} reports commit index {status.CommitIndex} but holds {log.Count} entries up to it");
            }

            logs[index] = log;
        }

        int[] order = logs.Keys.ToArray();
        for (int a = 0; a < order.Length; a++)
        {
            for (int b = a + 1; b < order.Length; b++)
            {
                List<LogEntryView> left = logs[order[a]];
                List<LogEntryView> right = logs[order[b]];
                int common = Math.Min(left.Count, right.Count);
                for (int i = 0; i < common; i++)
                {
                    if (left[i] != right[i])
                    {
                        violations.Add($"State Machine Safety: committed entry {i + 1} differs: {cluster.Name(order[a])} has {left[i]}, {cluster.Name(order[b])} has {right[i]}");
                        break;
                    }
                }
            }
        }

        return violations;
    }

    /// <summary>
    /// Exactly-once: no client id and seq twice among the committed entries (a retried write
    /// appended again), and no key written twice (the launcher gives every write a key of its own,
    /// so a key twice is a write applied twice, with or without a client id).
    /// </summary>
    public static IReadOnlyList<string> EachWriteOnce(IReadOnlyList<LogEntryView> committed)
    {
        var violations = new List<string>();
        foreach (IGrouping<(string? Client, ulong? Seq), LogEntryView> twice in committed
            .Where(e => !string.IsNullOrEmpty(e.Client) && e.Seq is not null)
            .GroupBy(e => (e.Client, e.Seq))
            .Where(g => g.Count() > 1))
        {
            violations.Add($"Exactly-once: client {twice.Key.Client} seq {twice.Key.Seq} is in the committed log {twice.Count()} times, at {string.Join(", ", twice.Select(e => e.Index))}");
        }

        foreach (IGrouping<string, LogEntryView> twice in committed.Where(e => !string.IsNullOrEmpty(e.Key)).GroupBy(e => e.Key).Where(g => g.Count() > 1))
        {
            violations.Add($"Exactly-once: key {twice.Key} was written {twice.Count()} times, at {string.Join(", ", twice.Select(e => e.Index))}");
        }

        return violations;
    }

    /// <summary><see cref="EachWriteOnce"/> over the committed log of the first node (the others agree with it, or <see cref="LogsAgreeAsync"/> says they do not).</summary>
    public static async Task<IReadOnlyList<string>> EachWriteOnceAsync(LocalCluster cluster, IReadOnlyList<(int Index, NodeStatusView Status)> nodes, CancellationToken cancellationToken)
    {
        (int first, NodeStatusView status) = nodes[0];
        return EachWriteOnce(await cluster.Api.ReadLogAsync(cluster.Specs[first].HttpPort, status.CommitIndex, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Each acknowledged write is at its acknowledged index in a node's log and readable on every node.</summary>
    public static async Task<IReadOnlyList<string>> AcknowledgedWritesSurviveAsync(
        LocalCluster cluster, IReadOnlyList<int> nodes, IReadOnlyList<AcknowledgedWrite> acknowledged, CancellationToken cancellationToken)
    {
        var violations = new List<string>();
        ulong highest = acknowledged.Count == 0 ? 0 : acknowledged.Max(a => a.Index);
        List<LogEntryView> log = await cluster.Api.ReadLogAsync(cluster.Specs[nodes[0]].HttpPort, highest, cancellationToken).ConfigureAwait(false);
        foreach (AcknowledgedWrite write in acknowledged)
        {
            LogEntryView? entry = write.Index <= (ulong)log.Count ? log[(int)write.Index - 1] : null;
            if (entry is null || entry.Key != write.Key || entry.Value != write.Value)
            {
                violations.Add($"Durability: write {write.Key} was acknowledged at index {write.Index}, but {cluster.Name(nodes[0])}'s log has {entry?.ToString() ?? "nothing"} there");
            }
        }

        foreach (int node in nodes)
        {
            Dictionary<string, string> values = await cluster.Api.ReadAllAsync(cluster.Specs[node].HttpPort, cancellationToken).ConfigureAwait(false);
            int missing = 0;
            foreach (AcknowledgedWrite write in acknowledged)
            {
                if (!values.TryGetValue(write.Key, out string? value) || value != write.Value)
                {
                    if (++missing <= 5)
                    {
                        violations.Add($"Durability: {cluster.Name(node)} reads {(value is null ? "nothing" : $"'{value}'")} for acknowledged write {write.Key}");
                    }
                }
            }

            if (missing > 5)
            {
                violations.Add($"Durability: {cluster.Name(node)} misses {missing} acknowledged writes in all");
            }
        }

        return violations;
    }
}
