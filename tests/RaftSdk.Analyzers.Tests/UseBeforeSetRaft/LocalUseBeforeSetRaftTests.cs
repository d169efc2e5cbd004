using System.Threading.Tasks;
using Xunit;
using Verify = RaftSdk.Analyzers.Tests.Infrastructure.AnalyzerVerifier<RaftSdk.Analyzers.Rules.UseBeforeSetRaft.UseBeforeSetRaftAnalyzer>;

namespace RaftSdk.Analyzers.Tests.UseBeforeSetRaft;

/// <summary>RAFT101 on locals created by a Start method in the same method (flow-aware).</summary>
public class LocalUseBeforeSetRaftTests
{
    [Fact]
    public async Task Fires_WhenNoSetRaftBeforeAwaitedCall()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(AppendRequest request)
                {
                    {|#1:var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);|}
                    await {|#0:comm.AppendAsync("node1:9000", request)|};
                }
            }
            """;

        // The creating statement travels with the diagnostic, for the code fix.
        await Verify.VerifyAsync(source, Verify.Diagnostic("RAFT101").WithLocation(0).WithLocation(1).WithArguments("AppendAsync", "comm", ""));
    }

    [Fact]
    public async Task Fires_ForEveryPeerCall_SyncAndAsync()
    {
        const string source = """
            using System.Threading.Channels;
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(VoteRequest vote, AppendRequest append, Entry entry, JoinRequest join, ChannelWriter<VoteResponse> votes)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    await {|RAFT101:comm.DiscoverAsync("node1:9000")|};
                    {|RAFT101:comm.RequestVote("node1:9000", vote, votes)|};
                    await {|RAFT101:comm.RequestVoteAsync("node1:9000", vote)|};
                    await {|RAFT101:comm.AppendAsync("node1:9000", append)|};
                    await {|RAFT101:comm.ProposeAsync("node1:9000", entry)|};
                    await {|RAFT101:comm.JoinAsync("node1:9000", join)|};
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Fires_ForHttpCommunicationAndWhenSetRaftComesAfterTheCall()
    {
        const string source = """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Routing;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(IEndpointRouteBuilder endpoints, IRaft raft)
                {
                    ICommunication comm = RaftCommunication.StartHttpCommunication(endpoints);
                    await {|RAFT101:comm.DiscoverAsync("node1:9000")|};
                    comm.SetRaft(raft);
                    await comm.DiscoverAsync("node1:9000");
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Fires_OnSomePaths_WithItsOwnWording()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(IRaft raft, bool ready)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    if (ready)
                    {
                        comm.SetRaft(raft);
                    }

                    await {|#0:comm.DiscoverAsync("node1:9000")|};
                }
            }
            """;
        await Verify.VerifyAsync(source, Verify.Diagnostic("RAFT101").WithLocation(0).WithArguments("DiscoverAsync", "comm", " on some paths"));
    }

    [Fact]
    public async Task Fires_WhenSetRaftIsCalledOnAnotherObject()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(IRaft raft, ICommunication other)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    other.SetRaft(raft);
                    await {|RAFT101:comm.DiscoverAsync("node1:9000")|};
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Fires_InTopLevelStatementsLambdasUsingDeclarationsAndConditionalAccess()
    {
        const string source = """
            using System;
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            await using var comm = await RaftCommunication.StartSeparateCommunicationAsync(0).ConfigureAwait(false);
            await {|RAFT101:comm.DiscoverAsync("node1:9000")|};
            _ = comm?{|RAFT101:.DiscoverAsync("node1:9000")|};

            Func<Task> later = async () =>
            {
                var inner = await RaftCommunication.StartSeparateCommunicationAsync(0);
                await {|RAFT101:inner.DiscoverAsync("node1:9000")|};
            };
            await later();
            """;
        var test = new Verify.Test { TestCode = source };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public async Task Silent_WhenSetRaftPrecedesOnEveryPath()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(IRaft first, IRaft second, bool which, AppendRequest request)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    if (which)
                    {
                        comm.SetRaft(first);
                    }
                    else
                    {
                        comm.SetRaft(second);
                    }

                    for (int i = 0; i < 3; i++)
                    {
                        await comm.AppendAsync("node1:9000", request);
                    }
                }

                async Task ConditionalAccess(IRaft raft)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    comm?.SetRaft(raft);
                    await comm!.DiscoverAsync("node1:9000");
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Silent_WhenTheLocalEscapesBeforeTheCall()
    {
        const string source = """
            using System;
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                static void Wire(ICommunication comm) { }

                async Task Passed()
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    Wire(comm);
                    await comm.DiscoverAsync("node1:9000");
                }

                async Task Captured(IRaft raft)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    Action wire = () => comm.SetRaft(raft);
                    wire();
                    await comm.DiscoverAsync("node1:9000");
                }

                async Task Delegate(IRaft raft)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    Action<IRaft> wire = comm.SetRaft;
                    wire(raft);
                    await comm.DiscoverAsync("node1:9000");
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Silent_ForCommunicationObjectsNotCreatedHere()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task FromParameter(ICommunication comm)
                {
                    await comm.DiscoverAsync("node1:9000");
                }

                async Task Reassigned(ICommunication wired)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    comm = wired;
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

            class FakeCommunication
            {
                public static FakeCommunication StartSeparateCommunication(int port) => new FakeCommunication();
                public void SetRaft(object raft) { }
                public Task AppendAsync(string address, object request) => Task.CompletedTask;
            }

            class RaftCommunication
            {
                public static FakeCommunication StartSeparateCommunication(int port) => new FakeCommunication();
            }

            class Node
            {
                async Task Run()
                {
                    var comm = RaftCommunication.StartSeparateCommunication(0);
                    await comm.AppendAsync("node1:9000", new object());
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }
}
