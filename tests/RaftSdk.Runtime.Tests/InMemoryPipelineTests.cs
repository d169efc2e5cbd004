using System;
using System.Linq;
using System.Threading.Tasks;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Server;
using RaftSdk.Testing;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// Pipelined calls over <see cref="InMemoryNetwork"/> (issue 22, point 1): the pipeline's own
/// HTTP/1.1 bytes reach the node's request delegate and come back, and the link's faults apply to
/// them as to unary calls.
/// </summary>
public sealed class InMemoryPipelineTests
{
    private const string Caller = "a:1";
    private const string Node = "b:1";

    // Generous: the machine running the tests may be busy; nothing here waits for it to pass.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Pipelined_calls_go_through_the_node_in_order_and_errors_come_back_as_over_a_socket()
    {
        (InMemoryNetwork network, TestService service) = NewNetwork();
        using RaftClientCore core = network.CreateClientCore(Caller, TestServer.ContentType);
        await using RaftPipeline pipeline = await core.OpenPipelineAsync(Node, depth: 8);

        Task<Pong>[] pings = Enumerable.Range(0, 50).Select(i => pipeline.SendAsync(TestServer.Ping, TestServer.NewPing((ulong)i, "m" + i))).ToArray();
        Task<Pong> id = pipeline.SendAsync(TestServer.Id, default);
        Task<Pong> failing = pipeline.SendAsync(TestServer.Fail, TestServer.NewPing(99, "no"));
        Task<Pong> last = pipeline.SendAsync(TestServer.Ping, TestServer.NewPing(100));

        Pong[] answers = await Task.WhenAll(pings).WaitAsync(Patience);
        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() => failing.WaitAsync(Patience));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => ((ulong)i, "m" + i)), answers.Select(a => (a.Id, a.Text!)));
        Assert.Equal(1UL, (await id.WaitAsync(Patience)).Id);
        Assert.Equal((400, "refused: no"), (error.StatusCode, error.RemoteError));
        Assert.Equal(100UL, (await last.WaitAsync(Patience)).Id);
        Assert.Equal(Enumerable.Repeat(((string?)TestServer.ContentType, (long?)TestServer.Serialize(TestServer.NewPing(0, "m0")).Length), 1), service.Requests.Take(1));
        Assert.Equal(51, service.Requests.Count);
        Assert.False(pipeline.IsBroken);
    }

    [Fact]
    public async Task A_cut_link_refuses_the_connection_and_a_partition_under_an_open_pipeline_resets_it()
    {
        (InMemoryNetwork network, _) = NewNetwork();
        using RaftClientCore core = network.CreateClientCore(Caller, TestServer.ContentType);
        await using RaftPipeline open = await core.OpenPipelineAsync(Node, depth: 4);
        Assert.Equal(1UL, (await open.SendAsync(TestServer.Ping, TestServer.NewPing(1)).WaitAsync(Patience)).Id);

        network.Partition(Caller);

        RaftConnectionException refused = await Assert.ThrowsAsync<RaftConnectionException>(() => core.OpenPipelineAsync(Node, depth: 4));
        RaftConnectionException reset = await Assert.ThrowsAsync<RaftConnectionException>(() => open.SendAsync(TestServer.Ping, TestServer.NewPing(2)).WaitAsync(Patience));
        Assert.Equal((RaftConnectionFailure.ConnectionRefused, Node), (refused.Failure, refused.Address));
        Assert.Equal((RaftConnectionFailure.ConnectionReset, Node, "/test/ping"), (reset.Failure, reset.Address, reset.Path));
        Assert.Contains("In-memory network: a:1 cannot reach b:1 (link cut).", reset.ToString(), StringComparison.Ordinal);
        Assert.True(open.IsBroken);

        network.Heal();

        await using RaftPipeline healed = await core.OpenPipelineAsync(Node, depth: 4);
        Assert.Equal(3UL, (await healed.SendAsync(TestServer.Ping, TestServer.NewPing(3)).WaitAsync(Patience)).Id);
    }

    [Fact]
    public async Task A_dropped_request_never_arrives_and_the_pipelined_calls_time_out()
    {
        (InMemoryNetwork network, TestService service) = NewNetwork();
        using RaftClientCore core = network.CreateClientCore(Caller, TestServer.ContentType, timeout: TimeSpan.FromMilliseconds(200));
        await using RaftPipeline pipeline = await core.OpenPipelineAsync(Node, depth: 4);
        network.SetFaults(Caller, Node, new InMemoryFaults { DropRequestProbability = 1 });

        Task<Pong> lost = pipeline.SendAsync(TestServer.Ping, TestServer.NewPing(1));
        Task<Pong> behind = pipeline.SendAsync(TestServer.Ping, TestServer.NewPing(2));

        RaftTimeoutException timedOut = await Assert.ThrowsAsync<RaftTimeoutException>(() => lost.WaitAsync(Patience));
        await Assert.ThrowsAsync<RaftTimeoutException>(() => behind.WaitAsync(Patience));
        Assert.Equal((Node, "/test/ping"), (timedOut.Address, timedOut.Path));
        Assert.Empty(service.Requests);
    }

    [Fact]
    public async Task A_dropped_answer_means_the_work_was_done_but_the_pipelined_call_times_out()
    {
        (InMemoryNetwork network, TestService service) = NewNetwork();
        using RaftClientCore core = network.CreateClientCore(Caller, TestServer.ContentType, timeout: TimeSpan.FromMilliseconds(200));
        await using RaftPipeline pipeline = await core.OpenPipelineAsync(Node, depth: 4);
        network.SetFaults(Caller, Node, new InMemoryFaults { DropResponseProbability = 1 });

        await Assert.ThrowsAsync<RaftTimeoutException>(() => pipeline.SendAsync(TestServer.Ping, TestServer.NewPing(1, "done")).WaitAsync(Patience));

        Assert.Single(service.Requests);
    }

    [Fact]
    public async Task A_delayed_link_delivers_pipelined_calls_late_and_in_order()
    {
        (InMemoryNetwork network, _) = NewNetwork();
        network.DefaultFaults = new InMemoryFaults { Delay = TimeSpan.FromMilliseconds(50), Jitter = TimeSpan.FromMilliseconds(30) };
        using RaftClientCore core = network.CreateClientCore(Caller, TestServer.ContentType);
        await using RaftPipeline pipeline = await core.OpenPipelineAsync(Node, depth: 4);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();

        Pong[] answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => pipeline.SendAsync(TestServer.Ping, TestServer.NewPing((ulong)i)))).WaitAsync(Patience);

        // One connection delivers its requests one after the other: four delays of at least 50 ms.
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(195));
        Assert.Equal(new ulong[] { 0, 1, 2, 3 }, answers.Select(a => a.Id));
    }

    [Fact]
    public async Task A_paused_link_holds_the_pipeline_and_resuming_delivers_its_calls_in_order_whatever_the_asked_order()
    {
        (InMemoryNetwork network, TestService service) = NewNetwork();
        using RaftClientCore core = network.CreateClientCore(Caller, TestServer.ContentType);
        await using RaftPipeline pipeline = await core.OpenPipelineAsync(Node, depth: 4);

        network.Pause(Caller, Node);
        Task<Pong>[] calls = Enumerable.Range(0, 3).Select(i => pipeline.SendAsync(TestServer.Ping, TestServer.NewPing((ulong)i))).ToArray();
        await network.WaitForHeldAsync(Caller, Node, 1).WaitAsync(Patience);
        Assert.Empty(service.Requests);
        Assert.All(calls, c => Assert.False(c.IsCompleted));

        network.Resume(Caller, Node, InMemoryDelivery.Reversed);

        Pong[] answers = await Task.WhenAll(calls).WaitAsync(Patience);
        Assert.Equal(new ulong[] { 0, 1, 2 }, answers.Select(a => a.Id));
    }

    [Fact]
    public async Task A_node_whose_request_delegate_throws_resets_the_pipeline_saying_why()
    {
        var network = new InMemoryNetwork();
        network.AddNode(Node, _ => throw new InvalidOperationException("broken node"));
        using RaftClientCore core = network.CreateClientCore(Caller, TestServer.ContentType);
        await using RaftPipeline pipeline = await core.OpenPipelineAsync(Node, depth: 4);

        RaftConnectionException reset = await Assert.ThrowsAsync<RaftConnectionException>(() => pipeline.SendAsync(TestServer.Ping, TestServer.NewPing(1)).WaitAsync(Patience));

        Assert.Equal(RaftConnectionFailure.ConnectionReset, reset.Failure);
        Assert.Contains("In-memory network: serving a request failed: broken node", reset.ToString(), StringComparison.Ordinal);
    }

    private static (InMemoryNetwork Network, TestService Service) NewNetwork()
    {
        var network = new InMemoryNetwork(seed: 1);
        var service = new TestService();
        var endpoint = new RaftEndpoint<ITestContract>(TestServer.Routes, new RaftServerOptions { ContentType = TestServer.ContentType }, () => service);
        network.AddNode(Node, TestServer.Recording(endpoint.HandleAsync, service));
        return (network, service);
    }
}
