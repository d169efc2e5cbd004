using System.Threading.Tasks;
using Xunit;
using Verify = RaftSdk.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    RaftSdk.Analyzers.Rules.UseBeforeSetRaft.UseBeforeSetRaftAnalyzer,
    RaftSdk.Analyzers.CodeFixes.InsertSetRaftCodeFixProvider>;

namespace RaftSdk.Analyzers.Tests.UseBeforeSetRaft;

/// <summary>The RAFT101 code fix: SetRaft right after the creating statement, with an IRaft in scope.</summary>
public class InsertSetRaftCodeFixTests
{
    [Fact]
    public async Task InsertsSetRaftWithAParameter()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(IRaft raft, AppendRequest request)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    await {|RAFT101:comm.AppendAsync("node1:9000", request)|};
                }
            }
            """;
        const string fixedSource = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(IRaft raft, AppendRequest request)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    comm.SetRaft(raft);
                    await comm.AppendAsync("node1:9000", request);
                }
            }
            """;
        await Verify.VerifyAsync(source, fixedSource);
    }

    [Fact]
    public async Task PrefersALocalDeclaredBeforeTheStatement()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(IRaft fallback, IRaft[] nodes)
                {
                    IRaft chosen = nodes[0];
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    IRaft later = nodes[1];
                    await {|RAFT101:comm.DiscoverAsync("node1:9000")|};
                }
            }
            """;
        const string fixedSource = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(IRaft fallback, IRaft[] nodes)
                {
                    IRaft chosen = nodes[0];
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    comm.SetRaft(chosen);
                    IRaft later = nodes[1];
                    await comm.DiscoverAsync("node1:9000");
                }
            }
            """;
        await Verify.VerifyAsync(source, fixedSource);
    }

    [Fact]
    public async Task UsesAFieldOrThis()
    {
        const string source = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using RaftSdk;
            using RaftSdk.ChangeAgent;

            class Holder
            {
                private readonly IRaft _raft;

                public Holder(IRaft raft) => _raft = raft;

                async Task Run()
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    await {|RAFT101:comm.DiscoverAsync("node1:9000")|};
                }
            }

            class Node : IRaft
            {
                private ICommunication _comm = null!;

                public async Task StartAsync()
                {
                    _comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                }

                public Task<NodeId> AskAsync() => {|RAFT101:_comm.DiscoverAsync("node1:9000")|};

                public NodeId MyId() => new NodeId(1);
                public Task<VoteResponse> RequestVoteAsync(VoteRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
                public Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
                public Task<ProposalResponse> ProposeAsync(Entry entry, CancellationToken cancellationToken) => throw new NotSupportedException();
                public Task<ProposalResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
            }
            """;
        const string fixedSource = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using RaftSdk;
            using RaftSdk.ChangeAgent;

            class Holder
            {
                private readonly IRaft _raft;

                public Holder(IRaft raft) => _raft = raft;

                async Task Run()
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    comm.SetRaft(_raft);
                    await comm.DiscoverAsync("node1:9000");
                }
            }

            class Node : IRaft
            {
                private ICommunication _comm = null!;

                public async Task StartAsync()
                {
                    _comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    _comm.SetRaft(this);
                }

                public Task<NodeId> AskAsync() => _comm.DiscoverAsync("node1:9000");

                public NodeId MyId() => new NodeId(1);
                public Task<VoteResponse> RequestVoteAsync(VoteRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
                public Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
                public Task<ProposalResponse> ProposeAsync(Entry entry, CancellationToken cancellationToken) => throw new NotSupportedException();
                public Task<ProposalResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
            }
            """;
        await Verify.VerifyAsync(source, fixedSource);
    }

    [Fact]
    public async Task FixAll_InsertsOneSetRaftPerCreatedObject()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(IRaft raft, Entry entry)
                {
                    var first = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    var second = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    await {|RAFT101:first.DiscoverAsync("node1:9000")|};
                    await {|RAFT101:first.ProposeAsync("node1:9000", entry)|};
                    await {|RAFT101:second.ProposeAsync("node2:9000", entry)|};
                }

                async Task Other(IRaft raft)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    await {|RAFT101:comm.DiscoverAsync("node1:9000")|};
                }
            }
            """;
        const string fixedSource = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(IRaft raft, Entry entry)
                {
                    var first = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    first.SetRaft(raft);
                    var second = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    second.SetRaft(raft);
                    await first.DiscoverAsync("node1:9000");
                    await first.ProposeAsync("node1:9000", entry);
                    await second.ProposeAsync("node2:9000", entry);
                }

                async Task Other(IRaft raft)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    comm.SetRaft(raft);
                    await comm.DiscoverAsync("node1:9000");
                }
            }
            """;
        await Verify.VerifyAsync(source, fixedSource);
    }

    [Fact]
    public async Task InsertsAfterATopLevelStatement()
    {
        const string source = """
            using RaftSdk.ChangeAgent;

            IRaft raft = Raft.Create();
            var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
            await {|RAFT101:comm.DiscoverAsync("node1:9000")|};

            static class Raft
            {
                public static IRaft Create() => null!;
            }
            """;
        const string fixedSource = """
            using RaftSdk.ChangeAgent;

            IRaft raft = Raft.Create();
            var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
            comm.SetRaft(raft);
            await comm.DiscoverAsync("node1:9000");

            static class Raft
            {
                public static IRaft Create() => null!;
            }
            """;
        var test = new Verify.Test { TestCode = source, FixedCode = fixedSource };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public async Task NoFix_WithoutAnIRaftInScope_OrOnSomePaths()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                static async Task NothingInScope()
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    await {|RAFT101:comm.DiscoverAsync("node1:9000")|};
                }

                async Task SomePaths(IRaft raft, bool ready)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    if (ready)
                    {
                        comm.SetRaft(raft);
                    }

                    await {|RAFT101:comm.DiscoverAsync("node1:9000")|};
                }

                async Task CreatedTwice(IRaft raft, bool secure)
                {
                    ICommunication comm;
                    if (secure)
                    {
                        comm = await RaftCommunication.StartSecureCommunicationAsync(0, "key.pem", "cert.pem", "ca.pem");
                    }
                    else
                    {
                        comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    }

                    await {|RAFT101:comm.DiscoverAsync("node1:9000")|};
                }
            }
            """;
        await Verify.VerifyAsync(source, source);
    }
}
