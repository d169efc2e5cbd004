using System.Threading.Tasks;
using Xunit;
using CloseVerify = RaftSdk.Analyzers.Tests.Infrastructure.AnalyzerVerifier<RaftSdk.Analyzers.Rules.UseAfterClose.UseAfterCloseAnalyzer>;
using FixVerify = RaftSdk.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    RaftSdk.Analyzers.Rules.UseBeforeSetRaft.UseBeforeSetRaftAnalyzer,
    RaftSdk.Analyzers.CodeFixes.InsertSetRaftCodeFixProvider>;
using PeerVerify = RaftSdk.Analyzers.Tests.Infrastructure.AnalyzerVerifier<RaftSdk.Analyzers.Rules.PeerAddressLiteral.PeerAddressLiteralAnalyzer>;
using SetRaftVerify = RaftSdk.Analyzers.Tests.Infrastructure.AnalyzerVerifier<RaftSdk.Analyzers.Rules.UseBeforeSetRaft.UseBeforeSetRaftAnalyzer>;

namespace RaftSdk.Analyzers.Tests.Misses;

/// <summary>The four misses of the 64-case misuse corpus (issue 12), each failing before its fix.</summary>
public class CorpusMissTests
{
    /// <summary>The object created in a using statement is in scope only inside its body: SetRaft goes first there, not after the block (CS0103).</summary>
    [Fact]
    public async Task SetRaft_fix_inside_a_using_statement_goes_into_its_body()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(IRaft raft, AppendRequest request)
                {
                    using (var comm = await RaftCommunication.StartSeparateCommunicationAsync(0))
                    {
                        await {|RAFT101:comm.AppendAsync("node1:9000", request)|};
                    }
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
                    using (var comm = await RaftCommunication.StartSeparateCommunicationAsync(0))
                    {
                        comm.SetRaft(raft);
                        await comm.AppendAsync("node1:9000", request);
                    }
                }
            }
            """;
        await FixVerify.VerifyAsync(source, fixedSource);
    }

    /// <summary>A using statement whose body is a single statement, not a block: no place in scope to insert, so no fix.</summary>
    [Fact]
    public async Task No_SetRaft_fix_for_a_using_statement_without_a_block()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(IRaft raft, AppendRequest request)
                {
                    using (var comm = await RaftCommunication.StartSeparateCommunicationAsync(0))
                        await {|RAFT101:comm.AppendAsync("node1:9000", request)|};
                }
            }
            """;
        await FixVerify.VerifyAsync(source, source);
    }

    [Fact]
    public async Task Close_in_a_finally_then_a_use_is_RAFT102()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(ICommunication comm, Entry entry)
                {
                    try
                    {
                        await comm.ProposeAsync("node1:9000", entry);
                    }
                    finally
                    {
                        comm.Close();
                    }

                    await {|#0:comm.ProposeAsync("node1:9000", entry)|};
                }
            }
            """;
        await CloseVerify.VerifyAsync(source, CloseVerify.Diagnostic("RAFT102").WithLocation(0).WithArguments("comm", "Close"));
    }

    [Fact]
    public async Task Close_in_a_finally_with_no_use_after_is_silent()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(ICommunication comm, Entry entry, bool again)
                {
                    try
                    {
                        await comm.ProposeAsync("node1:9000", entry);
                    }
                    finally
                    {
                        if (again)
                        {
                            comm.Close();
                        }
                    }

                    await comm.ProposeAsync("node1:9000", entry);
                }
            }
            """;
        await CloseVerify.VerifyAsync(source);
    }

    [Fact]
    public async Task A_start_task_stored_then_awaited_is_tracked_by_RAFT101()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(AppendRequest request)
                {
                    Task<ICommunication> starting = RaftCommunication.StartSeparateCommunicationAsync(0);
                    {|#1:var comm = await starting;|}
                    await {|#0:comm.AppendAsync("node1:9000", request)|};
                }
            }
            """;
        await SetRaftVerify.VerifyAsync(source, SetRaftVerify.Diagnostic("RAFT101").WithLocation(0).WithLocation(1).WithArguments("AppendAsync", "comm", string.Empty));
    }

    [Fact]
    public async Task An_out_of_range_port_is_named_as_such()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(ICommunication comm, Entry entry)
                {
                    await comm.ProposeAsync({|#0:"node1:70000"|}, entry);
                    await comm.ProposeAsync({|#1:"node1:0"|}, entry);
                    await comm.ProposeAsync({|#2:"http://node1:99999"|}, entry);
                }
            }
            """;
        await PeerVerify.VerifyAsync(
            source,
            PeerVerify.Diagnostic("RAFT103").WithLocation(0).WithArguments("node1:70000", "has port 70000, outside 1-65535"),
            PeerVerify.Diagnostic("RAFT103").WithLocation(1).WithArguments("node1:0", "has port 0, outside 1-65535"),
            PeerVerify.Diagnostic("RAFT103").WithLocation(2).WithArguments("http://node1:99999", "carries a scheme ('http://') and has port 99999, outside 1-65535"));
    }
}
