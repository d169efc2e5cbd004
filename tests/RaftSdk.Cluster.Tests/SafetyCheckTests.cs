using System;
using RaftSdk.Samples.Cluster.Checks;
using RaftSdk.Samples.Cluster.Scenario;
using Xunit;

namespace RaftSdk.Cluster.Tests;

/// <summary>The launcher's checks must be able to fail: a check that never fires proves nothing.</summary>
public class SafetyCheckTests
{
    [Fact]
    public void OneLeaderPerTerm_ReportsATermWithTwoLeaders_AndOnlyIt()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        LeaderEvent[] leaders =
        {
            new(1, 1, now), new(2, 2, now), new(3, 2, now), new(2, 3, now), new(2, 3, now),
        };

        string violation = Assert.Single(SafetyChecks.OneLeaderPerTerm(leaders));
        Assert.Equal("Election Safety: term 2 had leaders node2 and node3", violation);
    }
}
