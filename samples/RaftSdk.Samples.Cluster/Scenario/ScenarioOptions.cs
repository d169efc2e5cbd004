using System;
using System.Globalization;

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

    public int HeartbeatMs { get; init; } = 50;

    public int ElectionTimeoutMs { get; init; } = 300;

    public double TimeoutScale { get; init; } = 1;

    public bool Keep { get; init; }

    public bool Quiet { get; init; }

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
                "--engine" => options with { Engine = EngineName(args, ref i) },
                "--keep" => options with { Keep = true },
                "--quiet" => options with { Quiet = true },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }

        if (options.Kills > 0 && options.Nodes < 3)
        {
            throw new ArgumentException("--kills needs --nodes 3 or more: with fewer, the survivors are no majority and cannot elect a leader.");
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

    private static NodeEngine EngineName(string[] args, ref int i)
    {
        NodeEngine? engine = i + 1 < args.Length ? args[i + 1] switch
        {
            "changeagent" => NodeEngine.ChangeAgent,
            "dotnext" => NodeEngine.DotNext,
            _ => null,
        } : null;
        if (engine is null)
        {
            throw new ArgumentException("--engine needs changeagent or dotnext.");
        }

        i++;
        return engine.Value;
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
