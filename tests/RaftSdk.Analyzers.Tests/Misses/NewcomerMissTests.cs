using System.Threading.Tasks;
using RaftSdk.Analyzers.Tests.Infrastructure;
using Xunit;
using BlockingVerify = RaftSdk.Analyzers.Tests.Infrastructure.AnalyzerVerifier<RaftSdk.Analyzers.Rules.BlockingInRaftImplementation.BlockingInRaftImplementationAnalyzer>;
using PeerFixVerify = RaftSdk.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    RaftSdk.Analyzers.Rules.PeerAddressLiteral.PeerAddressLiteralAnalyzer,
    RaftSdk.Analyzers.CodeFixes.StripPeerAddressCodeFixProvider>;
using SetRaftFixVerify = RaftSdk.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    RaftSdk.Analyzers.Rules.UseBeforeSetRaft.UseBeforeSetRaftAnalyzer,
    RaftSdk.Analyzers.CodeFixes.InsertSetRaftCodeFixProvider>;
using SetRaftVerify = RaftSdk.Analyzers.Tests.Infrastructure.AnalyzerVerifier<RaftSdk.Analyzers.Rules.UseBeforeSetRaft.UseBeforeSetRaftAnalyzer>;

namespace RaftSdk.Analyzers.Tests.Misses;

/// <summary>The analyzer misses that a newcomer met (issue 20), each failing before its fix.</summary>
public class NewcomerMissTests
{
    /// <summary>A local function that the implementation calls directly runs on the same server thread.</summary>
    [Fact]
    public async Task Result_inside_a_local_function_the_implementation_calls_is_RAFT106()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;
            using RaftSdk;
            using RaftSdk.ChangeAgent;

            class Node : IRaft
            {
                private readonly Task<NodeId> _id = Task.FromResult(new NodeId(1));

                public NodeId MyId()
                {
                    return Read();

                    NodeId Read() => Unwrap(_id);
                    static NodeId Unwrap(Task<NodeId> task) => {|#0:task.Result|};
                }
            """ + RaftImplementationStubs.AfterMyId;
        await BlockingVerify.VerifyAsync(source, BlockingVerify.Diagnostic("RAFT106").WithLocation(0).WithArguments(".Result", "Node.MyId"));
    }

    /// <summary>The lambda runs where the delegate is invoked, and that is before SetRaft.</summary>
    [Fact]
    public async Task A_peer_call_in_a_lambda_invoked_before_SetRaft_is_RAFT101()
    {
        const string source = """
            using System;
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(IRaft raft, AppendRequest request)
                {
                    {|#1:var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);|}
                    Func<Task> send = async () => await {|#0:comm.AppendAsync("node1:9000", request)|};
                    await send();
                    comm.SetRaft(raft);
                }
            }
            """;
        await SetRaftVerify.VerifyAsync(source, SetRaftVerify.Diagnostic("RAFT101").WithLocation(0).WithLocation(1).WithArguments("AppendAsync", "comm", string.Empty));
    }

    /// <summary>Today a local captured by any lambda is not followed at all, so the direct call before SetRaft is missed too.</summary>
    [Fact]
    public async Task A_local_that_lambdas_only_send_on_is_still_followed_by_RAFT101()
    {
        const string source = """
            using System;
            using System.Linq;
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(AppendRequest request, string[] peers)
                {
                    {|#2:var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);|}
                    await {|#0:comm.DiscoverAsync("node1:9000")|};
                    await Task.WhenAll(peers.Select(peer => {|#1:comm.AppendAsync(peer, request)|}));
                }
            }
            """;
        await SetRaftVerify.VerifyAsync(
            source,
            SetRaftVerify.Diagnostic("RAFT101").WithLocation(0).WithLocation(2).WithArguments("DiscoverAsync", "comm", string.Empty),
            SetRaftVerify.Diagnostic("RAFT101").WithLocation(1).WithLocation(2).WithArguments("AppendAsync", "comm", string.Empty));
    }

    /// <summary>The fix moves the later SetRaft up instead of adding a second one.</summary>
    [Fact]
    public async Task SetRaft_fix_moves_the_later_SetRaft_call()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(IRaft fallback, IRaft[] nodes, AppendRequest request)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    await {|RAFT101:comm.AppendAsync("node1:9000", request)|};
                    await {|RAFT101:comm.DiscoverAsync("node1:9000")|};
                    comm.SetRaft(nodes[0]);
                    await comm.AppendAsync("node2:9000", request);
                }
            }
            """;
        const string fixedSource = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(IRaft fallback, IRaft[] nodes, AppendRequest request)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    comm.SetRaft(nodes[0]);
                    await comm.AppendAsync("node1:9000", request);
                    await comm.DiscoverAsync("node1:9000");
                    await comm.AppendAsync("node2:9000", request);
                }
            }
            """;
        await SetRaftFixVerify.VerifyAsync(source, fixedSource);
    }

    /// <summary>A later SetRaft whose argument does not exist yet where the object is created cannot move: no fix, rather than a second call.</summary>
    [Fact]
    public async Task No_SetRaft_fix_when_the_later_call_cannot_move()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(IRaft fallback, AppendRequest request)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    await {|RAFT101:comm.AppendAsync("node1:9000", request)|};
                    IRaft raft = fallback;
                    comm.SetRaft(raft);
                }
            }
            """;
        await SetRaftFixVerify.VerifyAsync(source, source);
    }

    /// <summary>A constant declared elsewhere is fixed where it is declared; Fix All rewrites it once for all its uses.</summary>
    [Fact]
    public async Task Address_fix_rewrites_a_constant_at_its_declaration_once_for_all_uses()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                private const string Leader = "http://leader:9000/raft";

                async Task Run(ICommunication comm, Entry entry)
                {
                    await comm.ProposeAsync({|RAFT103:Leader|}, entry);
                    await comm.DiscoverAsync({|RAFT103:Leader|});
                    await comm.DiscoverAsync({|RAFT103:"https://node2:9000"|});
                }
            }
            """;
        const string fixedSource = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                private const string Leader = "leader:9000";

                async Task Run(ICommunication comm, Entry entry)
                {
                    await comm.ProposeAsync(Leader, entry);
                    await comm.DiscoverAsync(Leader);
                    await comm.DiscoverAsync("node2:9000");
                }
            }
            """;
        await PeerFixVerify.VerifyAsync(source, fixedSource);
    }
}
