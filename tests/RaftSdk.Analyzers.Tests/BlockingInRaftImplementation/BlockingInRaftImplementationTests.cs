using System.Threading.Tasks;
using Xunit;
using Verify = RaftSdk.Analyzers.Tests.Infrastructure.AnalyzerVerifier<RaftSdk.Analyzers.Rules.BlockingInRaftImplementation.BlockingInRaftImplementationAnalyzer>;

namespace RaftSdk.Analyzers.Tests.BlockingInRaftImplementation;

/// <summary>RAFT106: blocking waits inside methods that implement an IRaft member.</summary>
public class BlockingInRaftImplementationTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using RaftSdk;
        using RaftSdk.ChangeAgent;

        """;

    [Fact]
    public async Task Fires_ForEachKindOfBlockingWait()
    {
        const string source = Usings + """
            class Node : IRaft
            {
                private readonly Task<NodeId> _id = Task.FromResult(new NodeId(1));
                private readonly ICommunication _comm = null!;

                public NodeId MyId() => {|#0:_id.Result|};

                public Task<VoteResponse> RequestVoteAsync(VoteRequest request, CancellationToken cancellationToken)
                {
                    {|#1:Thread.Sleep(10)|};
                    return Task.FromResult(new VoteResponse());
                }

                public Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
                {
                    Task<NodeId> leader = _comm.DiscoverAsync("leader:9000", cancellationToken);
                    {|#2:leader.Wait()|};
                    return Task.FromResult(new AppendResponse());
                }

                public Task<ProposalResponse> ProposeAsync(Entry entry, CancellationToken cancellationToken)
                {
                    var id = {|#3:_comm.DiscoverAsync("leader:9000").ConfigureAwait(false).GetAwaiter().GetResult()|};
                    return Task.FromResult(new ProposalResponse());
                }

                public Task<ProposalResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken)
                {
                    {|#4:Task.WaitAll(Task.Delay(1))|};
                    var value = {|#5:new ValueTask<int>(Task.FromResult(1)).Result|};
                    return Task.FromResult(new ProposalResponse());
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic("RAFT106").WithLocation(0).WithArguments(".Result", "Node.MyId"),
            Verify.Diagnostic("RAFT106").WithLocation(1).WithArguments("Thread.Sleep", "Node.RequestVoteAsync"),
            Verify.Diagnostic("RAFT106").WithLocation(2).WithArguments(".Wait()", "Node.AppendAsync"),
            Verify.Diagnostic("RAFT106").WithLocation(3).WithArguments("GetAwaiter().GetResult()", "Node.ProposeAsync"),
            Verify.Diagnostic("RAFT106").WithLocation(4).WithArguments("Task.WaitAll", "Node.JoinAsync"),
            Verify.Diagnostic("RAFT106").WithLocation(5).WithArguments(".Result", "Node.JoinAsync"));
    }

    [Fact]
    public async Task Fires_InExplicitImplementationsAndOverrides()
    {
        const string source = Usings + """
            abstract class Base : IRaft
            {
                public virtual NodeId MyId() => new NodeId(1);
                Task<VoteResponse> IRaft.RequestVoteAsync(VoteRequest request, CancellationToken cancellationToken)
                {
                    {|RAFT106:Thread.Sleep(1)|};
                    return Task.FromResult(new VoteResponse());
                }

                public abstract Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken);
                public Task<ProposalResponse> ProposeAsync(Entry entry, CancellationToken cancellationToken) => Task.FromResult(new ProposalResponse());
                public Task<ProposalResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken) => Task.FromResult(new ProposalResponse());
            }

            sealed class Derived : Base
            {
                public override NodeId MyId()
                {
                    {|RAFT106:Thread.Sleep(1)|};
                    return new NodeId(2);
                }

                public override Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
                {
                    {|RAFT106:Task.Delay(1).Wait()|};
                    return Task.FromResult(new AppendResponse());
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Silent_OutsideRaftImplementationsAndInsideLambdas()
    {
        const string source = Usings + """
            class Node : IRaft
            {
                public NodeId MyId() => new NodeId(1);

                // Not an IRaft member, though it has the same name and shape.
                public Task<AppendResponse> AppendAsync(string peer)
                {
                    Thread.Sleep(1);
                    return Task.FromResult(new AppendResponse());
                }

                public Task<VoteResponse> RequestVoteAsync(VoteRequest request, CancellationToken cancellationToken)
                {
                    _ = Task.Run(() => Thread.Sleep(1));
                    static void Later(Task task) => task.Wait();
                    return Task.FromResult(new VoteResponse());
                }

                public async Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
                {
                    await Task.Delay(1, cancellationToken);
                    return new AppendResponse();
                }

                public Task<ProposalResponse> ProposeAsync(Entry entry, CancellationToken cancellationToken) => Task.FromResult(new ProposalResponse());
                public Task<ProposalResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken) => Task.FromResult(new ProposalResponse());
            }

            class NotRaft
            {
                public NodeId MyId() => Task.FromResult(new NodeId(1)).Result;
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Silent_ForTasksKnownToBeComplete_AndLookAlikeMembers()
    {
        const string source = Usings + """
            class Lazy
            {
                public int Result => 1;
                public void Wait() { }
            }

            class Node : IRaft
            {
                private readonly ICommunication _comm = null!;

                public NodeId MyId() => new NodeId(1);

                public async Task<VoteResponse> RequestVoteAsync(VoteRequest request, CancellationToken cancellationToken)
                {
                    Task<NodeId> a = _comm.DiscoverAsync("a:1", cancellationToken);
                    Task<NodeId> b = _comm.DiscoverAsync("b:1", cancellationToken);
                    await Task.WhenAll(a, b);
                    NodeId first = a.Result;
                    return new VoteResponse();
                }

                public async Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
                {
                    Task<NodeId> a = _comm.DiscoverAsync("a:1", cancellationToken);
                    await a;
                    NodeId id = a.Result;
                    return new AppendResponse();
                }

                public Task<ProposalResponse> ProposeAsync(Entry entry, CancellationToken cancellationToken)
                {
                    Task<NodeId> a = _comm.DiscoverAsync("a:1", cancellationToken);
                    if (a.IsCompletedSuccessfully)
                    {
                        NodeId id = a.Result;
                    }

                    return Task.FromResult(new ProposalResponse());
                }

                public Task<ProposalResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken)
                {
                    var lazy = new Lazy();
                    lazy.Wait();
                    int value = lazy.Result;
                    return Task.FromResult(new ProposalResponse());
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }
}
