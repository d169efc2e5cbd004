using System.Threading.Tasks;
using Xunit;
using Verify = RaftSdk.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    RaftSdk.Analyzers.Rules.PeerAddressLiteral.PeerAddressLiteralAnalyzer,
    RaftSdk.Analyzers.CodeFixes.StripPeerAddressCodeFixProvider>;

namespace RaftSdk.Analyzers.Tests.PeerAddressLiteral;

/// <summary>The RAFT103 code fix: strips the scheme and the path from an address literal.</summary>
public class StripPeerAddressCodeFixTests
{
    [Fact]
    public async Task StripsSchemeAndPath_FixAll()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(ICommunication comm, RaftClient client, Entry entry)
                {
                    await comm.ProposeAsync({|RAFT103:"http://node1:9000"|}, entry);
                    await comm.ProposeAsync({|RAFT103:"node2:9000/raft/propose"|}, entry);
                    await client.ProposeAsync({|RAFT103:@"https://[::1]:9000/"|}, entry);
                }
            }
            """;
        const string fixedSource = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(ICommunication comm, RaftClient client, Entry entry)
                {
                    await comm.ProposeAsync("node1:9000", entry);
                    await comm.ProposeAsync("node2:9000", entry);
                    await client.ProposeAsync("[::1]:9000", entry);
                }
            }
            """;
        await Verify.VerifyAsync(source, fixedSource);
    }

    [Fact]
    public async Task StrippedAddressWithoutPort_StillReported()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                Task Run(ICommunication comm) => comm.DiscoverAsync({|RAFT103:"http://node1"|});
            }
            """;
        const string fixedSource = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                Task Run(ICommunication comm) => comm.DiscoverAsync("node1");
            }
            """;
        var test = new Verify.Test { TestCode = source, FixedCode = fixedSource };
        test.FixedState.ExpectedDiagnostics.Add(
            Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerWarning("RAFT103").WithSpan(6, 57, 6, 64).WithArguments("node1", "has no port"));
        await test.RunAsync();
    }

    /// <summary>The fix changes one document: a constant declared in another file, or built by concatenation, is fixed by hand.</summary>
    [Fact]
    public async Task NoFix_ForAMissingPortOrAConstantFromAnotherFileOrAConcatenation()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                private const string Joined = "http://" + "leader:9000";

                async Task Run(ICommunication comm)
                {
                    await comm.DiscoverAsync({|RAFT103:"node1"|});
                    await comm.DiscoverAsync({|RAFT103:Peers.Leader|});
                    await comm.DiscoverAsync({|RAFT103:Joined|});
                }
            }
            """;
        const string peers = """static class Peers { public const string Leader = "http://leader:9000"; }""";
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        test.TestState.Sources.Add(("Peers.cs", peers));
        test.FixedState.Sources.Add(("Peers.cs", peers));
        await test.RunAsync();
    }
}
