using System;
using System.Linq;
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

    [Fact]
    public void EachWriteOnce_ReportsAClientSeqTwice_AndAKeyTwice_AndNothingElse()
    {
        LogEntryView[] log =
        {
            new(1, 1, -1, string.Empty, string.Empty),
            new(2, 1, 1, "r1a-00000", "x", "r1a-client1", 1),
            new(3, 1, 1, "r1a-00001", "y", "r1a-client1", 2),
            new(4, 1, 1, "r1a-00002", "z", "r1a-client2", 1),
            new(5, 2, 1, "r1a-00001", "y", "r1a-client1", 2), // the retry of seq 2, appended again
            new(6, 2, 0, "plain", "p"),
            new(7, 2, 0, "plain", "p"), // a write without client id, applied twice
        };

        Assert.Equal(
            new[]
            {
                "Exactly-once: client r1a-client1 seq 2 is in the committed log 2 times, at 3, 5",
                "Exactly-once: key r1a-00001 was written 2 times, at 3, 5",
                "Exactly-once: key plain was written 2 times, at 6, 7",
            },
            SafetyChecks.EachWriteOnce(log));
        Assert.Empty(SafetyChecks.EachWriteOnce(log[..5].Where(e => e.Index != 5).ToArray()));
    }
}
