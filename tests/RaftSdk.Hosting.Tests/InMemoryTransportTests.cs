using System;
using System.Linq;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent;
using RaftSdk.Hosting.Tests.Contract;
using RaftSdk.Testing;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Hosting.Tests;

/// <summary>Nodes of a generated contract in one process, through the generated codec, with faults.</summary>
public sealed class InMemoryTransportTests
{
    private static readonly string[] Nodes = ["n1:1", "n2:1", "n3:1"];

    [Fact]
    public async Task A_partitioned_node_is_cut_off_both_ways_until_the_network_heals()
    {
        var network = new InMemoryNetwork();
        foreach (string node in Nodes)
        {
            network.AddNode(node, GreeterDispatcher.Routes, GreeterDispatcher.ContentType, new Greeter(id: ulong.Parse(node[1..2])));
        }

        using RaftClientCore c1 = network.CreateClientCore("n1:1", GreeterClient.ContentType);
        using RaftClientCore c2 = network.CreateClientCore("n2:1", GreeterClient.ContentType);
        using RaftClientCore c3 = network.CreateClientCore("n3:1", GreeterClient.ContentType);
        var from1 = new GreeterClient(c1);
        var from2 = new GreeterClient(c2);
        var from3 = new GreeterClient(c3);

        network.Partition("n1:1");

        var outgoing = await Assert.ThrowsAsync<RaftConnectionException>(() => from1.HelloAsync("n2:1", new HelloRequest("a", 1)));
        var incoming = await Assert.ThrowsAsync<RaftConnectionException>(() => from3.HelloAsync("n1:1", new HelloRequest("b", 1)));
        HelloReply majority = await from2.HelloAsync("n3:1", new HelloRequest("c", 1));
        Assert.Equal(RaftConnectionFailure.ConnectionRefused, outgoing.Failure);
        Assert.Equal(RaftConnectionFailure.ConnectionRefused, incoming.Failure);
        Assert.Equal(new NodeId(3), majority.ServedBy);

        network.Heal();

        Assert.Equal(new NodeId(2), (await from1.HelloAsync("n2:1", new HelloRequest("a", 1))).ServedBy);
        Assert.Equal(new NodeId(1), (await from3.HelloAsync("n1:1", new HelloRequest("b", 1))).ServedBy);
    }

    [Fact]
    public async Task A_one_way_cut_leaves_the_other_direction_working()
    {
        var network = new InMemoryNetwork();
        network.AddNode("a:1", GreeterDispatcher.Routes, GreeterDispatcher.ContentType, new Greeter(1));
        network.AddNode("b:1", GreeterDispatcher.Routes, GreeterDispatcher.ContentType, new Greeter(2));
        using RaftClientCore fromA = network.CreateClientCore("a:1", GreeterClient.ContentType);
        using RaftClientCore fromB = network.CreateClientCore("b:1", GreeterClient.ContentType);

        network.Disconnect("a:1", "b:1");

        await Assert.ThrowsAsync<RaftConnectionException>(() => new GreeterClient(fromA).HelloAsync("b:1", new HelloRequest("x", 1)));
        Assert.Equal(new NodeId(1), (await new GreeterClient(fromB).HelloAsync("a:1", new HelloRequest("x", 1))).ServedBy);
    }

    [Fact]
    public async Task Bytes_go_through_the_server_path_not_around_it()
    {
        var network = new InMemoryNetwork();
        network.AddNode("up:1", GreeterDispatcher.Routes, GreeterDispatcher.ContentType, new Greeter());
        network.AddNode<IGreeter>("unset:1", GreeterDispatcher.Routes, GreeterDispatcher.ContentType, null);
        using RaftClientCore core = network.CreateClientCore("a:1", GreeterClient.ContentType);
        using RaftClientCore wrongType = network.CreateClientCore("a:1", "application/json");

        var unset = await Assert.ThrowsAsync<RaftStatusException>(() => new GreeterClient(core).HelloAsync("unset:1", new HelloRequest("x", 1)));
        var unsupported = await Assert.ThrowsAsync<RaftStatusException>(() => new GreeterClient(wrongType).HelloAsync("up:1", new HelloRequest("x", 1)));
        var failing = await Assert.ThrowsAsync<RaftStatusException>(() => new GreeterClient(core).HelloAsync("up:1", new HelloRequest("", 1)));

        Assert.Equal(503, unset.StatusCode);
        Assert.Equal(415, unsupported.StatusCode);
        Assert.Equal(400, failing.StatusCode); // the contract's ErrorStatusCode for an exception in the implementation
    }

    [Fact]
    public async Task A_dropped_request_never_arrives_and_the_caller_times_out()
    {
        var network = new InMemoryNetwork(seed: 1);
        var greeter = new Greeter();
        network.AddNode("b:1", GreeterDispatcher.Routes, GreeterDispatcher.ContentType, greeter);
        network.SetFaults("a:1", "b:1", new InMemoryFaults { DropRequestProbability = 1 });
        using RaftClientCore core = network.CreateClientCore("a:1", GreeterClient.ContentType, timeout: TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAsync<RaftTimeoutException>(() => new GreeterClient(core).HelloAsync("b:1", new HelloRequest("lost", 1)));

        Assert.Empty(greeter.Arrivals);
    }

    [Fact]
    public async Task A_dropped_answer_means_the_work_was_done_but_the_caller_times_out()
    {
        var network = new InMemoryNetwork(seed: 1);
        var greeter = new Greeter();
        network.AddNode("b:1", GreeterDispatcher.Routes, GreeterDispatcher.ContentType, greeter);
        network.SetFaults("a:1", "b:1", new InMemoryFaults { DropResponseProbability = 1 });
        using RaftClientCore core = network.CreateClientCore("a:1", GreeterClient.ContentType, timeout: TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAsync<RaftTimeoutException>(() => new GreeterClient(core).HelloAsync("b:1", new HelloRequest("done", 1)));

        Assert.Equal(["done"], greeter.Arrivals);
    }

    [Fact]
    public async Task A_delayed_link_delivers_late()
    {
        var network = new InMemoryNetwork();
        network.AddNode("b:1", GreeterDispatcher.Routes, GreeterDispatcher.ContentType, new Greeter());
        network.DefaultFaults = new InMemoryFaults { Delay = TimeSpan.FromMilliseconds(100) };
        using RaftClientCore core = network.CreateClientCore("a:1", GreeterClient.ContentType);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();

        await new GreeterClient(core).HelloAsync("b:1", new HelloRequest("late", 1));

        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(95));
    }

    [Fact]
    public async Task Held_calls_are_delivered_reordered()
    {
        var network = new InMemoryNetwork();
        var greeter = new Greeter();
        network.AddNode("b:1", GreeterDispatcher.Routes, GreeterDispatcher.ContentType, greeter);
        using RaftClientCore core = network.CreateClientCore("a:1", GreeterClient.ContentType);
        var client = new GreeterClient(core);

        network.Pause("a:1", "b:1");
        Task<HelloReply>[] calls = new Task<HelloReply>[5];
        for (int i = 0; i < calls.Length; i++)
        {
            calls[i] = client.HelloAsync("b:1", new HelloRequest("m" + i, 1));
            await network.WaitForHeldAsync("a:1", "b:1", i + 1).WaitAsync(TimeSpan.FromSeconds(30));
        }

        network.Resume("a:1", "b:1", InMemoryDelivery.Reversed);
        HelloReply[] replies = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["m4", "m3", "m2", "m1", "m0"], greeter.Arrivals);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => "hello, m" + i), replies.Select(r => r.Text));
    }

    [Fact]
    public void Faults_are_checked()
    {
        var network = new InMemoryNetwork();

        Assert.Throws<ArgumentOutOfRangeException>(() => network.SetFaults("a:1", "b:1", new InMemoryFaults { DropRequestProbability = 1.5 }));
        Assert.Throws<ArgumentException>(() =>
        {
            network.AddNode("a:1", _ => Task.CompletedTask);
            network.AddNode("a:1", _ => Task.CompletedTask);
        });
    }
}
