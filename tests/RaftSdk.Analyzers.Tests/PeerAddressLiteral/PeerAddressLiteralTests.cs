using System.Threading.Tasks;
using Xunit;
using Verify = RaftSdk.Analyzers.Tests.Infrastructure.AnalyzerVerifier<RaftSdk.Analyzers.Rules.PeerAddressLiteral.PeerAddressLiteralAnalyzer>;

namespace RaftSdk.Analyzers.Tests.PeerAddressLiteral;

/// <summary>RAFT103: constant peer addresses with a scheme, a path or no port.</summary>
public class PeerAddressLiteralTests
{
    [Fact]
    public async Task Fires_WithAMessageThatNamesEveryProblem()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(ICommunication comm, Entry entry)
                {
                    await comm.ProposeAsync({|#0:"http://node1:9000"|}, entry);
                    await comm.ProposeAsync({|#1:"node1:9000/raft/propose"|}, entry);
                    await comm.ProposeAsync({|#2:"node1"|}, entry);
                    await comm.ProposeAsync({|#3:"https://node1/raft"|}, entry);
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic("RAFT103").WithLocation(0).WithArguments("http://node1:9000", "carries a scheme ('http://')"),
            Verify.Diagnostic("RAFT103").WithLocation(1).WithArguments("node1:9000/raft/propose", "carries a path ('/raft/propose')"),
            Verify.Diagnostic("RAFT103").WithLocation(2).WithArguments("node1", "has no port"),
            Verify.Diagnostic("RAFT103").WithLocation(3).WithArguments("https://node1/raft", "carries a scheme ('https://'), carries a path ('/raft') and has no port"));
    }

    [Fact]
    public async Task Fires_ForEveryPeerCallConstantsNamedArgumentsAndBadPorts()
    {
        const string source = """
            using System.Threading.Channels;
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                private const string Leader = "http://leader:9000";

                async Task Run(ICommunication comm, VoteRequest vote, AppendRequest append, JoinRequest join, ChannelWriter<VoteResponse> votes)
                {
                    await comm.DiscoverAsync({|RAFT103:Leader|});
                    comm.RequestVote({|RAFT103:"::1"|}, vote, votes);
                    await comm.RequestVoteAsync({|RAFT103:"node1:"|}, vote);
                    await comm.AppendAsync(request: append, address: {|RAFT103:"node1:70000"|});
                    await comm.JoinAsync({|RAFT103:"node1:" + "port"|}, join);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Fires_OnTheGeneratedClient()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(RaftClient client, AppendRequest request)
                {
                    await client.MyIdAsync({|RAFT103:"http://node1:9000"|});
                    await client.AppendAsync({|RAFT103:"node1"|}, request);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Silent_ForValidAddressesAndNonConstants()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(ICommunication comm, RaftClient client, string peer, int port)
                {
                    await comm.DiscoverAsync("node1:9000");
                    await comm.DiscoverAsync("127.0.0.1:1");
                    await comm.DiscoverAsync("[::1]:65535");
                    await comm.DiscoverAsync("[fe80::1%eth0]:9000");
                    await comm.DiscoverAsync(peer);
                    await comm.DiscoverAsync($"http://{peer}");
                    await comm.DiscoverAsync("node1:" + port);
                    await client.MyIdAsync("node1:9000");
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Silent_ForLookAlikeMethodsAndParameters()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            // Named like a client, but no contract IHttp exists and it holds no RaftClientCore.
            class HttpClient
            {
                public Task GetAsync(string address) => Task.CompletedTask;
            }

            class Mailer
            {
                public void Send(string address, string body) { }
            }

            class Node
            {
                async Task Run(HttpClient http, Mailer mailer)
                {
                    await http.GetAsync("http://example.invalid/path");
                    mailer.Send("someone", "hello");
                    await RaftCommunication.StartSeparateCommunicationAsync(0);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }
}
