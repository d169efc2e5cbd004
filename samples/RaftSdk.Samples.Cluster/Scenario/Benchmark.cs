using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.Samples.Cluster.Scenario;

/// <summary>
/// The side-by-side figures (<c>--bench</c>): the launcher's scenario with one kill round, for each
/// engine and transport in turn, with 1 and then 16 clients, for several rounds (A B C D A B C D),
/// so that the load of a machine shared with other work falls on every contender alike.
/// </summary>
public static class Benchmark
{
    /// <summary>The contenders, in the order each round runs them.</summary>
    public static readonly IReadOnlyList<(NodeEngine Engine, DotNextTransport Transport)> Contenders =
    [
        (NodeEngine.ChangeAgent, DotNextTransport.RaftSdk),
        (NodeEngine.DotNext, DotNextTransport.RaftSdk),
        (NodeEngine.DotNext, DotNextTransport.Http),
        (NodeEngine.DotNext, DotNextTransport.Tcp),
    ];

    public static readonly IReadOnlyList<int> ClientCounts = [1, 16];

    public static async Task<IReadOnlyList<BenchmarkSample>> RunAsync(ScenarioOptions options, TextWriter live, CancellationToken cancellationToken = default)
    {
        var samples = new List<BenchmarkSample>();
        for (int round = 1; round <= options.Rounds; round++)
        {
            foreach (int clients in ClientCounts)
            {
                foreach ((NodeEngine engine, DotNextTransport transport) in Contenders)
                {
                    ScenarioOptions run = options with { Engine = engine, Transport = transport, Clients = clients, Kills = 1, Quiet = true, Bench = false };
                    string load = LoadAverage();
                    ScenarioResult result = await ClusterScenario.RunAsync(run, live: null, cancellationToken).ConfigureAwait(false);
                    var sample = new BenchmarkSample(run.RunName, clients, round, result.Phases.FirstOrDefault(), result.TimesToNewLeader.FirstOrDefault(), load, result);
                    samples.Add(sample);
                    live.WriteLine($"round {round}, {clients,2} client(s), {run.RunName,-26} {sample.Describe()}");
                }
            }
        }

        return samples;
    }

    /// <summary>The one-minute load average (Linux <c>/proc/loadavg</c>), or "n/a".</summary>
    private static string LoadAverage()
    {
        try
        {
            string text = File.ReadAllText("/proc/loadavg");
            return text.Split(' ')[0];
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }
}

/// <summary>
/// One run of the benchmark: the first write phase (all nodes up) and the time to a new leader
/// after its SIGKILL; <paramref name="Load"/> is the load average when it started.
/// </summary>
public sealed record BenchmarkSample(string Contender, int Clients, int Round, PhaseResult? Writes, TimeSpan NewLeader, string Load, ScenarioResult Result)
{
    public bool Passed => Result.Passed && Writes is not null;

    public string Describe() => Passed
        ? string.Create(CultureInfo.InvariantCulture, $"{Writes!.Describe()}; new leader {NewLeader.TotalMilliseconds:0} ms after SIGKILL; load {Load}")
        : $"FAILED: {string.Join("; ", Result.Violations)} (data kept in {Result.DataDirectory})";
}
