using System.Threading.Tasks;
using Xunit;
using Verify = RaftSdk.Analyzers.Tests.Infrastructure.AnalyzerVerifier<RaftSdk.Analyzers.Rules.UseAfterClose.UseAfterCloseAnalyzer>;

namespace RaftSdk.Analyzers.Tests.UseAfterClose;

/// <summary>RAFT102: a communication object used after Close, Dispose or DisposeAsync in the same method.</summary>
public class UseAfterCloseTests
{
    [Fact]
    public async Task Fires_AfterCloseDisposeAndDisposeAsync()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task AfterClose(ICommunication comm, AppendRequest request)
                {
                    comm.Close();
                    await {|#0:comm.AppendAsync("node1:9000", request)|};
                }

                void AfterDispose(ICommunication comm, IRaft raft)
                {
                    comm.Dispose();
                    {|#1:comm.SetRaft(raft)|};
                }

                async Task<int> AfterDisposeAsync(ICommunication comm)
                {
                    await comm.DisposeAsync();
                    return {|#2:comm.Port|};
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic("RAFT102").WithLocation(0).WithArguments("comm", "Close"),
            Verify.Diagnostic("RAFT102").WithLocation(1).WithArguments("comm", "Dispose"),
            Verify.Diagnostic("RAFT102").WithLocation(2).WithArguments("comm", "DisposeAsync"));
    }

    [Fact]
    public async Task Fires_ForLocalsAndFields_WhenClosedOnEveryPath()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                private ICommunication _comm = null!;

                async Task Local(bool early)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    if (early)
                    {
                        comm.Close();
                    }
                    else
                    {
                        await comm.DisposeAsync();
                    }

                    await {|RAFT102:comm.DiscoverAsync("node1:9000")|};
                }

                async Task Field()
                {
                    _comm.Close();
                    await {|RAFT102:_comm.DiscoverAsync("node1:9000")|};
                    _ = _comm?{|RAFT102:.DiscoverAsync("node1:9000")|};
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Silent_WhenClosedOnSomePathsOnlyOrUsedBefore()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task SomePaths(ICommunication comm, bool failed)
                {
                    if (failed)
                    {
                        comm.Close();
                    }

                    await comm.DiscoverAsync("node1:9000");
                }

                async Task Before(ICommunication comm)
                {
                    await comm.DiscoverAsync("node1:9000");
                    comm.Close();
                    comm.Dispose();
                    await comm.DisposeAsync();
                }

                async Task InUsing()
                {
                    await using (var comm = await RaftCommunication.StartSeparateCommunicationAsync(0))
                    {
                        await comm.DiscoverAsync("node1:9000");
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Silent_WhenReplacedOrAnotherObjectIsClosed()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                private ICommunication _comm = null!;

                async Task Reassigned(ICommunication comm)
                {
                    comm.Close();
                    comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    await comm.DiscoverAsync("node1:9000");
                }

                async Task Other(ICommunication comm, ICommunication other)
                {
                    other.Close();
                    await comm.DiscoverAsync("node1:9000");
                }

                async Task FieldReplacedByAMember()
                {
                    _comm.Close();
                    await RestartAsync();
                    await _comm.DiscoverAsync("node1:9000");
                }

                async Task RestartAsync() => _comm = await RaftCommunication.StartSeparateCommunicationAsync(0);

                async Task ClosedInALambda(ICommunication comm)
                {
                    System.Action close = () => comm.Close();
                    await comm.DiscoverAsync("node1:9000");
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Silent_ForALookAlikeType()
    {
        const string source = """
            using System.Threading.Tasks;

            class Connection
            {
                public void Close() { }
                public void Dispose() { }
                public Task AppendAsync(string address) => Task.CompletedTask;
            }

            class Node
            {
                async Task Run(Connection connection)
                {
                    connection.Close();
                    await connection.AppendAsync("node1:9000");
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }
}
