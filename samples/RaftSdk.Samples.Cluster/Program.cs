using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using RaftSdk.Samples.Cluster.Scenario;

// Starts a Raft cluster of node processes on loopback, kills its leader, restarts it and checks
// that nothing acknowledged was lost. Exit code 0: every check held; 1: a violation; 2: bad usage.
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(ScenarioOptions.Usage);
    return 0;
}

ScenarioOptions options;
try
{
    options = ScenarioOptions.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine($"error: {exception.Message}");
    Console.Error.WriteLine(ScenarioOptions.Usage);
    return 2;
}

// Ctrl+C or SIGTERM stops the run; the scenario then kills every node process it started, by id.
using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupted.Cancel();
};
using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    interrupted.Cancel();
});

if (options.Bench)
{
    Console.WriteLine($"Side-by-side benchmark: {options.Rounds} round(s) of {string.Join(", ", Benchmark.Contenders.Select(c => (options with { Engine = c.Engine, Transport = c.Transport }).RunName))}, "
        + $"with {string.Join(" and ", Benchmark.ClientCounts)} client(s), {options.Writes} writes per phase, one SIGKILL of the leader per run, plain:");
    IReadOnlyList<BenchmarkSample> samples;
    try
    {
        samples = await Benchmark.RunAsync(options, Console.Out, interrupted.Token);
    }
    catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
    {
        Console.WriteLine("Interrupted; every node process was killed.");
        return 130;
    }

    Console.WriteLine();
    foreach (string line in BenchmarkTable.Format(samples))
    {
        Console.WriteLine(line);
    }

    return samples.All(s => s.Passed) ? 0 : 1;
}

Console.WriteLine("Timeline (seconds since the launcher started; node events at the node's own time):");
ScenarioResult result;
try
{
    result = await ClusterScenario.RunAsync(options, Console.Out, interrupted.Token);
}
catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
{
    Console.WriteLine("Interrupted; every node process was killed.");
    return 130;
}

if (options.Quiet)
{
    foreach (string line in result.Timeline)
    {
        Console.WriteLine(line);
    }
}

Console.WriteLine();
Console.WriteLine("Nodes at the end:");
foreach (string summary in result.NodeSummaries)
{
    Console.WriteLine($"  {summary}");
}

if (result.TimesToNewLeader.Count > 0)
{
    double[] ms = result.TimesToNewLeader.Select(t => t.TotalMilliseconds).Order().ToArray();
    double median = ms.Length % 2 == 1 ? ms[ms.Length / 2] : (ms[(ms.Length / 2) - 1] + ms[ms.Length / 2]) / 2;
    Console.WriteLine($"Time to a new leader after a leader kill ({ms.Length} kill(s)): median {median:0} ms, worst {ms[^1]:0} ms, best {ms[0]:0} ms");
}

Console.WriteLine("Writes:");
foreach (PhaseResult phase in result.Phases)
{
    Console.WriteLine($"  {phase.Name}: {phase.Describe()}");
}

Console.WriteLine();
if (result.Passed)
{
    Console.WriteLine("PASSED: one leader per term; logs agree up to the commit index; every acknowledged write is in the log at its index and readable on every node.");
    return 0;
}

Console.WriteLine($"FAILED ({result.Violations.Count}):");
foreach (string violation in result.Violations)
{
    Console.WriteLine($"  {violation}");
}

Console.WriteLine($"Data and node logs kept in {result.DataDirectory}");
return 1;
