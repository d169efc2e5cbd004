using System;
using DotNext.Net.Cluster.Consensus.Raft;
using RaftSdk.DotNext.Cluster;
using RaftSdk.DotNext.Contract;
using RaftSdk.Testing;
using Xunit;

namespace RaftSdk.DotNext.Tests;

/// <summary>Bad cluster settings are refused when the member is made, with every problem named.</summary>
public sealed class ClusterOptionsTests
{
    [Fact]
    public void A_member_with_bad_settings_is_not_made_and_every_problem_is_named()
    {
        var options = new RaftSdkClusterOptions
        {
            PublicAddress = "http://n1:1",
            Members = ["n1:1", "n2"],
            LowerElectionTimeout = 300,
            UpperElectionTimeout = 300,
            HeartbeatThreshold = 1.5,
            SnapshotChunkSize = 0,
        };
        var network = new InMemoryNetwork();
        using var state = new ConsensusOnlyState();

        var error = Assert.Throws<ArgumentException>(() => new RaftSdkCluster(options, new DotNextRaftClient(network.CreateClientCore("n1:1", DotNextRaftClient.ContentType)), state));

        Assert.Equal(
            "The cluster settings are not valid: "
            + "PublicAddress: 'http://n1:1' is not a member address: it must be host:port (no scheme, no path) with a port from 1 to 65535. "
            + "Members: 'n2' is not a member address: it must be host:port (no scheme, no path) with a port from 1 to 65535. "
            + "LowerElectionTimeout (300) must be positive and below UpperElectionTimeout (300). "
            + "HeartbeatThreshold (1.5) must be between 0 and 1 (a fraction of the lower election timeout). "
            + "SnapshotChunkSize (0) must be positive. (Parameter 'options')",
            error.Message);
    }
}
