using System.Threading.Tasks;
using Xunit;
using Verify = RaftSdk.Analyzers.Tests.Infrastructure.AnalyzerVerifier<RaftSdk.Analyzers.Rules.DiscardedCallResult.DiscardedCallResultAnalyzer>;

namespace RaftSdk.Analyzers.Tests.DiscardedCallResult;

/// <summary>RAFT105: the task of a peer call neither awaited, stored nor returned.</summary>
public class DiscardedCallResultTests
{
    [Fact]
    public async Task Fires_ForEveryTaskReturningPeerCall()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                void Run(ICommunication comm, VoteRequest vote, AppendRequest append, Entry entry, JoinRequest join)
                {
                    {|#0:comm.DiscoverAsync("node1:9000")|};
                    {|RAFT105:comm.RequestVoteAsync("node1:9000", vote)|};
                    {|RAFT105:comm.AppendAsync("node1:9000", append)|};
                    {|RAFT105:comm.ProposeAsync("node1:9000", entry)|};
                    {|RAFT105:comm.JoinAsync("node1:9000", join)|};
                }
            }
            """;
        await Verify.VerifyAsync(source, Verify.Diagnostic("RAFT105").WithLocation(0).WithArguments("DiscoverAsync"));
    }

    [Fact]
    public async Task Fires_ThroughConfigureAwaitConditionalAccessLambdasAndTheGeneratedClient()
    {
        const string source = """
            using System;
            using RaftSdk.ChangeAgent;

            class Node
            {
                void Run(ICommunication? comm, RaftClient client, Entry entry)
                {
                    {|RAFT105:comm!.ProposeAsync("node1:9000", entry)|}.ConfigureAwait(false);
                    comm?{|RAFT105:.ProposeAsync("node1:9000", entry)|};
                    Action send = () => {|RAFT105:comm!.ProposeAsync("node1:9000", entry)|};
                    {|RAFT105:client.ProposeAsync("node1:9000", entry)|};
                }

                void Expression(ICommunication comm) => {|RAFT105:comm.DiscoverAsync("node1:9000")|};
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Silent_WhenAwaitedStoredReturnedPassedOrDiscardedExplicitly()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Threading.Channels;
            using System.Threading.Tasks;
            using RaftSdk;
            using RaftSdk.ChangeAgent;

            class Node
            {
                private Task? _pending;

                async Task Run(ICommunication comm, Entry entry, VoteRequest vote, ChannelWriter<VoteResponse> votes)
                {
                    await comm.ProposeAsync("node1:9000", entry);
                    await comm.ProposeAsync("node1:9000", entry).ConfigureAwait(false);
                    var task = comm.ProposeAsync("node1:9000", entry);
                    _pending = comm.DiscoverAsync("node1:9000");
                    var all = new List<Task> { comm.DiscoverAsync("node1:9000") };
                    await Task.WhenAll(task, comm.DiscoverAsync("node2:9000"));
                    _ = comm.DiscoverAsync("node1:9000");
                    comm.RequestVote("node1:9000", vote, votes);
                    Func<Task<NodeId>> later = () => comm.DiscoverAsync("node1:9000");
                    await comm.DisposeAsync();
                }

                Task<NodeId> Returned(ICommunication comm) => comm.DiscoverAsync("node1:9000");
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Silent_ForALookAlikeType()
    {
        const string source = """
            using System.Threading.Tasks;

            class Peers
            {
                public Task AppendAsync(string address) => Task.CompletedTask;
            }

            class Node
            {
                void Run(Peers peers)
                {
                    peers.AppendAsync("node1:9000");
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }
}
