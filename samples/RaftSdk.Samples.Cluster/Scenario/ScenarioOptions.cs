using System;
using System.Globalization;
using System.Linq;

namespace RaftSdk.Samples.Cluster.Scenario;

/// <summary>What the launcher runs, from its command line.</summary>
public sealed record ScenarioOptions
{
    public const string Usage = """
        Usage: RaftSdk.Samples.Cluster [options]
          --nodes <n>                number of node processes (default 3)
          --writes <n>               writes per phase, through random nodes (default 200)
          --clients <n>              concurrent writers (default 4)
          --kills <n>                rounds of: kill the leader, elect, write, restart, catch up (default 1; 0: one write phase only)
          --tls                      mutual TLS between nodes, with throwaway certificates made at start
          --engine <name>            the nodes' Raft: changeagent (the sample's own, default) or dotnext (DotNext over RaftSdk)
          --transport <name>         with --engine dotnext: raftsdk (default), http (DotNext.AspNetCore.Cluster) or tcp (DotNext.Net.Cluster); http and tcp are plain only
          --bench                    side-by-side figures: changeagent, DotNext over RaftSdk, over DotNext's HTTP and over its TCP transport,
                                     interleaved, one kill round each with 1 and with 16 clients, plain; prints a table (--engine, --transport, --clients, --kills are set by it)
          --rounds <n>               with --bench: rounds of the interleaved runs (default 2)
          --heartbeat-ms <ms>        node heartbeat interval (default 50)
          --election-timeout-ms <ms> shortest node election timeout (default 300)
          --timeout-scale <x>        multiply every wait of the launcher (default 1; for a slow machine)
          --keep                     keep the data folder (logs, node logs) even when the run passes
          --quiet                    print the summary only, not the timeline as it happens
        """;

    public int Nodes { get; init; } = 3;

    public int Writes { get; init; } = 200;

    public int Clients { get; init; } = 4;

    public int Kills { get; init; } = 1;

    public bool Tls { get; init; }

    public NodeEngine Engine { get; init; } = NodeEngine.ChangeAgent;

    /// <summary>The DotNext node's Raft transport (with <see cref="NodeEngine.DotNext"/> only).</summary>
    public DotNextTransport Transport { get; init; } = DotNextTransport.RaftSdk;

    /// <summary>Run the side-by-side benchmark (<see cref="Bench"/> rounds of every engine and transport) instead of one scenario.</summary>
    public bool Bench { get; init; }

    public int Rounds { get; init; } = 2;

    public int HeartbeatMs { get; init; } = 50;

    public int ElectionTimeoutMs { get; init; } = 300;

    public double TimeoutScale { get; init; } = 1;

    public bool Keep { get; init; }

    public bool Quiet { get; init; }

    /// <summary>The node's <c>--transport</c> value; null for the changeagent node and for RaftSdk (the DotNext node's default).</summary>
    public string? NodeTransportArgument => Engine == NodeEngine.DotNext && Transport != DotNextTransport.RaftSdk ? Transport.ToString().ToLowerInvariant() : null;

    /// <summary>What the nodes run, as the timeline and the benchmark table name it.</summary>
    public string RunName => Engine == NodeEngine.ChangeAgent ? "changeagent" : Transport switch
    {
        DotNextTransport.Http => "DotNext over DotNext HTTP",
        DotNextTransport.Tcp => "DotNext over DotNext TCP",
        _ => "DotNext over RaftSdk",
    };

    public TimeSpan Scaled(double seconds) => TimeSpan.FromSeconds(seconds * TimeoutScale);

    public static ScenarioOptions Parse(string[] args)
    {
        var options = new ScenarioOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            options = name switch
            {
                "--nodes" => options with { Nodes = Int(args, ref i, name, 1) },
                "--writes" => options with { Writes = Int(args, ref i, name, 1) },
                "--clients" => options with { Clients = Int(args, ref i, name, 1) },
                "--kills" => options with { Kills = Int(args, ref i, name, 0) },
                "--heartbeat-ms" => options with { HeartbeatMs = Int(args, ref i, name, 1) },
                "--election-timeout-ms" => options with { ElectionTimeoutMs = Int(args, ref i, name, 2) },
                "--timeout-scale" => options with { TimeoutScale = Scale(args, ref i) },
                "--tls" => options with { Tls = true },
                "--engine" => options with { Engine = Choice(args, ref i, name, Engines) },
                "--transport" => options with { Transport = Choice(args, ref i, name, Transports) },
                "--bench" => options with { Bench = true },
                "--rounds" => options with { Rounds = Int(args, ref i, name, 1) },
                "--keep" => options with { Keep = true },
                "--quiet" => options with { Quiet = true },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }

        if (options.Kills > 0 && options.Nodes < 3)
        {
            throw new ArgumentException("--kills needs --nodes 3 or more: with fewer, the survivors are no majority and cannot elect a leader.");
        }

        if (options.Transport != DotNextTransport.RaftSdk && options.Engine != NodeEngine.DotNext && !options.Bench)
        {
            throw new ArgumentException("--transport is the DotNext node's: it needs --engine dotnext.");
        }

        if (options.Tls && (options.Bench || options.Transport != DotNextTransport.RaftSdk))
        {
            throw new ArgumentException("--tls: DotNext's own http and tcp transports run plain in the sample, so --bench and --transport http|tcp are plain only.");
        }

        if (options.HeartbeatMs * 2 > options.ElectionTimeoutMs)
        {
            throw new ArgumentException($"--heartbeat-ms ({options.HeartbeatMs}) must be at most half of --election-timeout-ms ({options.ElectionTimeoutMs}), or followers time out between heartbeats.");
        }

        return options;
    }

    private static int Int(string[] args, ref int i, string name, int minimum)
    {
        if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < minimum)
        {
            throw new ArgumentException($"{name} needs an integer of at least {minimum}.");
        }

        i++;
        return value;
    }

    private static readonly (string Name, NodeEngine Value)[] Engines = [("changeagent", NodeEngine.ChangeAgent), ("dotnext", NodeEngine.DotNext)];

    private static readonly (string Name, DotNextTransport Value)[] Transports =
        [("raftsdk", DotNextTransport.RaftSdk), ("http", DotNextTransport.Http), ("tcp", DotNextTransport.Tcp)];

    /// <summary>The value after <paramref name="option"/>, one of <paramref name="choices"/>; the error lists them ("a, b or c").</summary>
    private static T Choice<T>(string[] args, ref int i, string option, (string Name, T Value)[] choices)
    {
        foreach ((string name, T value) in choices)
        {
            if (i + 1 < args.Length && args[i + 1] == name)
            {
                i++;
                return value;
            }
        }

        string[] names = choices.Select(c => c.Name).ToArray();
        throw new ArgumentException($"{option} needs {string.Join(", ", names[..^1])} or {names[^1]}.");
    }

    private static double Scale(string[] args, ref int i)
    {
        if (i + 1 >= args.Length || !double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 1)
        {
            throw new ArgumentException("--timeout-scale needs a number of at least 1.");
        }

        i++;
        return value;
    }
}

/// <summary>Which Raft the node processes run; each is a node binary with the same command line, HTTP API and @event lines.</summary>
public enum NodeEngine
{
    /// <summary>RaftSdk.Samples.ClusterNode: the sample's own Raft on the changeagent contract.</summary>
    ChangeAgent,

    /// <summary>RaftSdk.Samples.DotNextNode: DotNext's Raft on the RaftSdk.DotNext contract.</summary>
    DotNext,
}

/// <summary>How DotNext nodes reach their peers (the node's <c>--transport</c>).</summary>
public enum DotNextTransport
{
    /// <summary>RaftSdk.DotNext: the RaftSdk contract (plain or mutual TLS).</summary>
    RaftSdk,

    /// <summary>DotNext.AspNetCore.Cluster's own HTTP transport (plain).</summary>
    Http,

    /// <summary>DotNext.Net.Cluster's own TCP transport (plain).</summary>
    Tcp,
}
