using RaftSdk;
using RaftSdk.Testing;
using RaftSdk.Transport;
using Xunit;

namespace RaftNode.Tests;

/// <summary>
/// Two nodes in one process over RaftSdk.Testing's in-memory network: every call is encoded and
/// decoded by the generated code and served by the same server code as over a socket.
/// </summary>
public sealed class TwoNodeTests
{
    private const string Node1 = "node1:9000";
    private const string Node2 = "node2:9000";

    [Fact]
    public async Task Each_node_answers_the_other()
    {
        InMemoryNetwork network = TwoNodes();
        using RaftClientCore from1 = network.CreateClientCore(Node1, PeerClient.ContentType);
        using RaftClientCore from2 = network.CreateClientCore(Node2, PeerClient.ContentType);

        PingReply toNode2 = await new PeerClient(from1).PingAsync(Node2, new PingRequest("node1", 3));
        PingReply toNode1 = await new PeerClient(from2).PingAsync(Node1, new PingRequest("node2", 4));

        Assert.Equal(new PingReply("pong from node2 to node1", 3), toNode2);
        Assert.Equal(new PingReply("pong from node1 to node2", 4), toNode1);
    }

    [Fact]
    public async Task A_partitioned_node_is_unreachable_until_the_network_heals()
    {
        InMemoryNetwork network = TwoNodes();
        using RaftClientCore from1 = network.CreateClientCore(Node1, PeerClient.ContentType);
        var client = new PeerClient(from1);

        network.Partition(Node2);
        RaftConnectionException refused = await Assert.ThrowsAsync<RaftConnectionException>(
            () => client.PingAsync(Node2, new PingRequest("node1", 5)));
        Assert.Equal(RaftConnectionFailure.ConnectionRefused, refused.Failure);
        Assert.Equal(Node2, refused.Address);

        network.Heal();
        Assert.Equal("pong from node2 to node1", (await client.PingAsync(Node2, new PingRequest("node1", 6))).Text);
    }

    private static InMemoryNetwork TwoNodes()
    {
        var network = new InMemoryNetwork(seed: 1);
        network.AddNode<IPeer>(Node1, PeerDispatcher.Routes, PeerDispatcher.ContentType, new Peer("node1"));
        network.AddNode<IPeer>(Node2, PeerDispatcher.Routes, PeerDispatcher.ContentType, new Peer("node2"));
        return network;
    }
}
