using System.Collections.Generic;
using System.Threading.Tasks;
using RaftSdk.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = RaftSdk.Analyzers.Tests.Infrastructure.AllAnalyzersVerifier;

namespace RaftSdk.Analyzers.Tests.Corpus;

/// <summary>
/// Misuse (and correct use) in lambdas, async lambdas, local functions, fields, properties and finally
/// blocks, for every rule where the construct applies. Every analyzer runs on every case, and each case
/// marks exactly the diagnostics it expects (id and span): nothing else may fire, and a case without
/// marks must stay silent.
/// </summary>
public class NestedCodeCorpusTests
{
    private const string Usings = """
        using System;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using RaftSdk;
        using RaftSdk.ChangeAgent;

        """;

    private static readonly Dictionary<string, string> Cases = new()
    {
        // RAFT101: use before SetRaft.
        ["RAFT101 lambda invoked before SetRaft"] = """
            class Node
            {
                async Task Run(IRaft raft)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    Func<Task<NodeId>> discover = () => {|RAFT101:comm.DiscoverAsync("node1:9000")|};
                    await discover();
                    comm.SetRaft(raft);
                }
            }
            """,
        ["RAFT101 lambda invoked after SetRaft (silent)"] = """
            class Node
            {
                async Task Run(IRaft raft)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    Func<Task<NodeId>> discover = () => comm.DiscoverAsync("node1:9000");
                    comm.SetRaft(raft);
                    await discover();
                }
            }
            """,
        ["RAFT101 lambda handed on, SetRaft later (silent: it may run after)"] = """
            class Node
            {
                async Task Run(IRaft raft)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    Task<NodeId> later = Task.Run(() => comm.DiscoverAsync("node1:9000"));
                    comm.SetRaft(raft);
                    await later;
                }
            }
            """,
        ["RAFT101 lambda handed on, never set up"] = """
            class Node
            {
                async Task Run(string[] peers)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    await Task.WhenAll(peers.Select(peer => {|RAFT101:comm.DiscoverAsync(peer)|}));
                }
            }
            """,
        ["RAFT101 lambda that sets up (silent)"] = """
            class Node
            {
                async Task Run(IRaft raft)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    Action wire = () => comm.SetRaft(raft);
                    wire();
                    await comm.DiscoverAsync("node1:9000");
                }
            }
            """,
        ["RAFT101 async lambda invoked before SetRaft"] = """
            class Node
            {
                async Task Run(IRaft raft, AppendRequest request)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    Func<Task> send = async () => await {|RAFT101:comm.AppendAsync("node1:9000", request)|};
                    await send();
                    comm.SetRaft(raft);
                }
            }
            """,
        ["RAFT101 async lambda creating its own object"] = """
            class Node
            {
                Task Run() => Task.Run(async () =>
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    await {|RAFT101:comm.DiscoverAsync("node1:9000")|};
                });
            }
            """,
        ["RAFT101 local function called before SetRaft"] = """
            class Node
            {
                async Task Run(IRaft raft)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    await Discover();
                    comm.SetRaft(raft);

                    Task<NodeId> Discover() => {|RAFT101:comm.DiscoverAsync("node1:9000")|};
                }
            }
            """,
        ["RAFT101 local function called on a path without SetRaft"] = """
            class Node
            {
                async Task Run(IRaft raft, bool ready)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    if (ready)
                    {
                        comm.SetRaft(raft);
                    }

                    await Discover();

                    async Task Discover() => await {|RAFT101:comm.DiscoverAsync("node1:9000")|};
                }
            }
            """,
        ["RAFT101 local function called after SetRaft (silent)"] = """
            class Node
            {
                async Task Run(IRaft raft)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    comm.SetRaft(raft);
                    await Discover();

                    Task<NodeId> Discover() => comm.DiscoverAsync("node1:9000");
                }
            }
            """,
        ["RAFT101 field never set up"] = """
            class Node
            {
                private ICommunication _comm = null!;

                async Task StartAsync() => _comm = await RaftCommunication.StartSeparateCommunicationAsync(0);

                Task<NodeId> Leader() => {|RAFT101:_comm.DiscoverAsync("node1:9000")|};
            }
            """,
        ["RAFT101 field set up in another member (silent)"] = """
            class Node
            {
                private ICommunication _comm = null!;

                async Task StartAsync(IRaft raft)
                {
                    _comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    _comm.SetRaft(raft);
                }

                Task<NodeId> Leader() => _comm.DiscoverAsync("node1:9000");
            }
            """,
        ["RAFT101 property never set up"] = """
            class Node
            {
                private ICommunication Comm { get; set; } = null!;

                async Task StartAsync() => Comm = await RaftCommunication.StartSeparateCommunicationAsync(0);

                Task<NodeId> Leader() => {|RAFT101:Comm.DiscoverAsync("node1:9000")|};
            }
            """,
        ["RAFT101 SetRaft in a finally counts after the try (silent)"] = """
            class Node
            {
                async Task Run(IRaft raft)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    try
                    {
                        await Task.Yield();
                    }
                    finally
                    {
                        comm.SetRaft(raft);
                    }

                    await comm.DiscoverAsync("node1:9000");
                }
            }
            """,
        ["RAFT101 call after a try and finally without SetRaft"] = """
            class Node
            {
                async Task Run()
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    try
                    {
                        await Task.Yield();
                    }
                    finally
                    {
                        Console.WriteLine(comm.Port);
                    }

                    await {|RAFT101:comm.DiscoverAsync("node1:9000")|};
                }
            }
            """,

        // RAFT102: use after Close.
        ["RAFT102 close in a finally, use after the try"] = """
            class Node
            {
                async Task Run(ICommunication comm)
                {
                    try
                    {
                        await comm.DiscoverAsync("node1:9000");
                    }
                    finally
                    {
                        comm.Close();
                    }

                    await {|RAFT102:comm.DiscoverAsync("node1:9000")|};
                }
            }
            """,
        ["RAFT102 close in a lambda (silent: it may run later)"] = """
            class Node
            {
                async Task Run(ICommunication comm)
                {
                    Action stop = () => comm.Close();
                    await comm.DiscoverAsync("node1:9000");
                    stop();
                }
            }
            """,
        ["RAFT102 close in a local function (silent)"] = """
            class Node
            {
                async Task Run(ICommunication comm)
                {
                    await comm.DiscoverAsync("node1:9000");
                    Stop();

                    void Stop() => comm.Close();
                }
            }
            """,
        ["RAFT102 field closed then used"] = """
            class Node
            {
                private readonly ICommunication _comm;

                Node(ICommunication comm) => _comm = comm;

                async Task Run()
                {
                    _comm.Close();
                    await {|RAFT102:_comm.DiscoverAsync("node1:9000")|};
                }
            }
            """,
        ["RAFT102 property closed then used"] = """
            class Node
            {
                public ICommunication Comm { get; init; } = null!;

                async Task Run()
                {
                    await Comm.DisposeAsync();
                    await {|RAFT102:Comm.DiscoverAsync("node1:9000")|};
                }
            }
            """,

        // RAFT103: peer address literal.
        ["RAFT103 in a lambda, an async lambda and a local function"] = """
            class Node
            {
                async Task Run(ICommunication comm)
                {
                    Func<Task<NodeId>> first = () => comm.DiscoverAsync({|RAFT103:"http://node1:9000"|});
                    Func<Task> second = async () => await comm.DiscoverAsync({|RAFT103:"node2"|});
                    await first();
                    await second();
                    await Third();

                    Task<NodeId> Third() => comm.DiscoverAsync({|RAFT103:"node3:9000/raft"|});
                }
            }
            """,
        ["RAFT103 const field, in a finally"] = """
            class Node
            {
                private const string Peer = "node1";

                async Task Run(ICommunication comm)
                {
                    try
                    {
                        await Task.Yield();
                    }
                    finally
                    {
                        await comm.DiscoverAsync({|RAFT103:Peer|});
                    }
                }
            }
            """,
        ["RAFT103 property value (silent: not a constant)"] = """
            class Node
            {
                private string Peer => "http://node1:9000";

                Task<NodeId> Run(ICommunication comm) => comm.DiscoverAsync(Peer);
            }
            """,

        // RAFT104: secure mode with an empty path.
        ["RAFT104 in a field initializer, a lambda, a local function and a finally"] = """
            class Node
            {
                private readonly Task<ICommunication> _starting = RaftCommunication.StartSecureCommunicationAsync(9000, {|RAFT104:""|}, "node.crt", "ca.crt");

                async Task Run()
                {
                    Func<Task<ICommunication>> start = () => RaftCommunication.StartSecureCommunicationAsync(9000, "node.key", {|RAFT104:null!|}, "ca.crt");
                    try
                    {
                        using ICommunication first = await start();
                        using ICommunication second = await Start();
                    }
                    finally
                    {
                        using ICommunication third = await RaftCommunication.StartSecureCommunicationAsync(9000, "node.key", "node.crt", {|RAFT104:" "|});
                    }

                    Task<ICommunication> Start() => RaftCommunication.StartSecureCommunicationAsync(9000, {|RAFT104:string.Empty|}, "node.crt", "ca.crt");
                }
            }
            """,

        // RAFT105: discarded result.
        ["RAFT105 in a lambda, an async lambda, a local function and a finally"] = """
            class Node
            {
                async Task Run(ICommunication comm, AppendRequest request)
                {
                    Action send = () => {|RAFT105:comm.AppendAsync("node1:9000", request)|};
                    Func<Task> sendAsync = async () =>
                    {
                        {|RAFT105:comm.AppendAsync("node1:9000", request)|};
                        await Task.Yield();
                    };
                    try
                    {
                        send();
                        await sendAsync();
                        Local();
                    }
                    finally
                    {
                        {|RAFT105:comm.AppendAsync("node1:9000", request)|};
                    }

                    void Local() => {|RAFT105:comm.AppendAsync("node1:9000", request)|};
                }
            }
            """,
        ["RAFT105 stored in a field, returned by a property (silent)"] = """
            class Node
            {
                private readonly ICommunication _comm;
                private readonly Task<NodeId> _leader;

                Node(ICommunication comm)
                {
                    _comm = comm;
                    _leader = comm.DiscoverAsync("node1:9000");
                }

                private Task<NodeId> Leader => _comm.DiscoverAsync("node1:9000");

                Task<NodeId> First() => _leader;
            }
            """,

        // RAFT106: blocking wait in a Raft implementation.
        ["RAFT106 in a local function called directly and in a finally"] = """
            class Node : IRaft
            {
                private readonly Task<NodeId> _id = Task.FromResult(new NodeId(1));

                public NodeId MyId()
                {
                    try
                    {
                        return Read();
                    }
                    finally
                    {
                        {|RAFT106:Task.Delay(1).Wait()|};
                    }

                    NodeId Read() => {|RAFT106:_id.Result|};
                }
            """ + RaftImplementationStubs.AfterMyId,
        ["RAFT106 in lambdas, async lambdas and a local function handed to Task.Run (silent)"] = """
            class Node : IRaft
            {
                private readonly Task<NodeId> _id = Task.FromResult(new NodeId(1));

                public NodeId MyId()
                {
                    Func<NodeId> read = () => _id.Result;
                    Func<Task> wait = async () =>
                    {
                        await Task.Yield();
                        Thread.Sleep(1);
                    };
                    _ = Task.Run(Block);
                    _ = Task.Run(wait);
                    return new NodeId(1);

                    void Block() => Thread.Sleep(1);
                }
            """ + RaftImplementationStubs.AfterMyId,
    };

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (string name in Cases.Keys)
        {
            names.Add(name);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Exactly_the_marked_diagnostics(string name)
    {
        await Verify.VerifyAsync(Usings + Cases[name]);
    }

    [Fact]
    public void Every_analyzer_of_the_package_runs_in_the_corpus()
    {
        Assert.Equal(6, Verify.Analyzers.Count);
    }
}
