using System.Threading.Tasks;
using Xunit;
using Verify = RaftSdk.Analyzers.Tests.Infrastructure.AnalyzerVerifier<RaftSdk.Analyzers.Rules.UseBeforeSetRaft.UseBeforeSetRaftAnalyzer>;

namespace RaftSdk.Analyzers.Tests.UseBeforeSetRaft;

/// <summary>RAFT101 on fields and properties that their type creates but never passes to SetRaft.</summary>
public class MemberUseBeforeSetRaftTests
{
    [Fact]
    public async Task Fires_ForAFieldNoMemberPassesToSetRaft()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk;
            using RaftSdk.ChangeAgent;

            class Node
            {
                private ICommunication _comm = null!;

                public async Task StartAsync()
                {
                    {|#1:_comm = await RaftCommunication.StartSeparateCommunicationAsync(0);|}
                }

                public Task<AppendResponse> SendAsync(AppendRequest request) => {|#0:_comm.AppendAsync("node1:9000", request)|};
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic("RAFT101").WithLocation(0).WithLocation(1).WithArguments("AppendAsync", "_comm", ", and no member of 'Node' ever calls SetRaft on it"));
    }

    [Fact]
    public async Task Fires_ForAPrivatePropertyAndAFieldInitializer()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk;
            using RaftSdk.ChangeAgent;

            class Node
            {
                private readonly ICommunication _comm = RaftCommunication.StartSeparateCommunicationAsync(0).Result;

                private ICommunication Other { get; set; } = null!;

                public async Task StartAsync()
                {
                    Other = await RaftCommunication.StartSeparateCommunicationAsync(0);
                }

                public async Task SendAsync(Entry entry)
                {
                    await {|RAFT101:_comm.ProposeAsync("node1:9000", entry)|};
                    await {|RAFT101:Other.ProposeAsync("node1:9000", entry)|};
                    _ = Other?{|RAFT101:.DiscoverAsync("node1:9000")|};
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Silent_WhenAnyMemberPassesItToSetRaft_ConstructorIncluded()
    {
        const string source = """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Routing;
            using RaftSdk;
            using RaftSdk.ChangeAgent;

            class InConstructor
            {
                private readonly ICommunication _comm;

                public InConstructor(IEndpointRouteBuilder endpoints, IRaft raft)
                {
                    _comm = RaftCommunication.StartHttpCommunication(endpoints);
                    _comm.SetRaft(raft);
                }

                public Task<NodeId> AskAsync() => _comm.DiscoverAsync("node1:9000");
            }

            class InAnotherMethod
            {
                private ICommunication _comm = null!;

                public async Task StartAsync() => _comm = await RaftCommunication.StartSeparateCommunicationAsync(0);

                public void Wire(IRaft raft) => _comm.SetRaft(raft);

                public Task<NodeId> AskAsync() => _comm.DiscoverAsync("node1:9000");
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Silent_WhenTheTypeDoesNotOwnTheObject()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk;
            using RaftSdk.ChangeAgent;

            // Handed in by whoever created it (and called SetRaft): the usual shape of a Raft node.
            class Injected
            {
                private readonly ICommunication _comm;

                public Injected(ICommunication comm) => _comm = comm;

                public Task<NodeId> AskAsync() => _comm.DiscoverAsync("node1:9000");
            }

            // Visible to other types, which may call SetRaft on it.
            class Exposed
            {
                public ICommunication Comm = null!;
                internal ICommunication Internal { get; private set; } = null!;

                public async Task StartAsync()
                {
                    Comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    Internal = await RaftCommunication.StartSeparateCommunicationAsync(0);
                }

                public Task<NodeId> AskAsync() => Comm.DiscoverAsync("node1:9000");
                public Task<NodeId> AskInternalAsync() => Internal.DiscoverAsync("node1:9000");
            }

            // Handed out, so someone else can call SetRaft on it.
            class HandedOut
            {
                private ICommunication _comm = null!;

                public async Task StartAsync(Wiring wiring)
                {
                    _comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    wiring.Wire(_comm);
                }

                public Task<NodeId> AskAsync() => _comm.DiscoverAsync("node1:9000");
            }

            class Wiring
            {
                public void Wire(ICommunication comm) { }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Silent_WhenANestedTypeCouldCallSetRaft()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk;
            using RaftSdk.ChangeAgent;

            class Outer
            {
                private ICommunication _comm = null!;

                public async Task StartAsync() => _comm = await RaftCommunication.StartSeparateCommunicationAsync(0);

                public Task<NodeId> AskAsync() => _comm.DiscoverAsync("node1:9000");

                private sealed class Wiring
                {
                    public void Wire(Outer outer, IRaft raft) => outer._comm.SetRaft(raft);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }
}
