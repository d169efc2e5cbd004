using System;
using System.Collections.Generic;

namespace RaftSdk.Samples.Cluster.Scenario;

/// <summary>What a run did and found. <see cref="Passed"/> only when nothing was violated and nothing failed.</summary>
public sealed record ScenarioResult(
    IReadOnlyList<string> Violations,
    IReadOnlyList<string> Timeline,
    IReadOnlyList<PhaseResult> Phases,
    IReadOnlyList<TimeSpan> TimesToNewLeader,
    IReadOnlyList<string> NodeSummaries,
    IReadOnlyList<int> StartedProcessIds,
    string DataDirectory)
{
    public bool Passed => Violations.Count == 0;
}
