using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RaftSdk.Generators;

namespace RaftSdk.Benchmarks.Generator;

/// <summary>
/// <c>generator-steps [rounds] [untracked]</c>: where a run after an unrelated edit spends its
/// time, over the same synthetic project as <see cref="GeneratorBenchmarks"/>. First the driver's
/// own step tracking (<see cref="IncrementalGeneratorRunStep.ElapsedTime"/>, per step name), then
/// the wall time of the same edit without tracking, which itself costs. With <c>untracked</c> only
/// the latter runs (for a profiler such as <c>perf</c>). A profile that points at the step to work
/// on, not a benchmark: the benchmark gives the figures.
/// </summary>
internal static class GeneratorStepsCommand
{
    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 && int.TryParse(args[0], out int r) ? r : 20;
        bool untrackedOnly = args.Length > 1 && args[1] == "untracked";
        CSharpCompilation compilation = SyntheticProject.CreateCompilation();
        Compilation edited = compilation.AddSyntaxTrees(SyntheticProject.UnrelatedFile());

        if (!untrackedOnly)
        {
            Tracked(compilation, edited, rounds);
        }

        GeneratorDriver untracked = SyntheticProject.CreateDriver(trackSteps: false).RunGenerators(compilation);
        untracked.RunGenerators(edited);
        var stopwatch = Stopwatch.StartNew();
        for (int i = 0; i < rounds; i++)
        {
            untracked.RunGenerators(edited);
        }

        Console.WriteLine($"unrelated edit, bound, untracked, mean of {rounds}: {stopwatch.Elapsed.TotalMilliseconds / rounds:F1} ms");
        return 0;
    }

    private static void Tracked(Compilation compilation, Compilation edited, int rounds)
    {
        var stopwatch = Stopwatch.StartNew();
        GeneratorDriver driver = SyntheticProject.CreateDriver(trackSteps: true).RunGenerators(compilation);
        Console.WriteLine($"full run: {stopwatch.Elapsed.TotalMilliseconds:F0} ms");
        Print(Accumulate(driver.GetRunResult(), new Dictionary<string, TimeSpan>(StringComparer.Ordinal)), 1);

        var totals = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        stopwatch.Restart();
        for (int i = 0; i < rounds; i++)
        {
            Accumulate(driver.RunGenerators(edited).GetRunResult(), totals);
        }

        Console.WriteLine($"unrelated edit, bound, tracked, mean of {rounds}: {stopwatch.Elapsed.TotalMilliseconds / rounds:F1} ms");
        Print(totals, rounds);
    }

    private static void Print(Dictionary<string, TimeSpan> totals, int rounds)
    {
        foreach (KeyValuePair<string, TimeSpan> step in totals.OrderByDescending(p => p.Value))
        {
            Console.WriteLine($"  {step.Key,-56} {step.Value.TotalMilliseconds / rounds,10:F2} ms");
        }
    }

    private static Dictionary<string, TimeSpan> Accumulate(GeneratorDriverRunResult run, Dictionary<string, TimeSpan> totals)
    {
        foreach (GeneratorRunResult result in run.Results)
        {
            foreach (KeyValuePair<string, ImmutableArray<IncrementalGeneratorRunStep>> steps in result.TrackedSteps)
            {
                TimeSpan sum = TimeSpan.Zero;
                foreach (IncrementalGeneratorRunStep step in steps.Value)
                {
                    sum += step.ElapsedTime;
                }

                totals[steps.Key] = totals.TryGetValue(steps.Key, out TimeSpan t) ? t + sum : sum;
            }
        }

        return totals;
    }
}
