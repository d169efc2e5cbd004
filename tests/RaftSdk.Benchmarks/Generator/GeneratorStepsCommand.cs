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
/// <c>generator-steps</c>: where a generator run spends its time, step by step, from the
/// driver's own step tracking (<see cref="IncrementalGeneratorRunStep.ElapsedTime"/>), over the
/// same synthetic project as <see cref="GeneratorBenchmarks"/>. A profile, not a benchmark: it
/// points at the step to work on; the benchmark gives the figures.
/// </summary>
internal static class GeneratorStepsCommand
{
    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 && int.TryParse(args[0], out int r) ? r : 20;
        CSharpCompilation compilation = SyntheticProject.CreateCompilation();
        ImmutableArray<AdditionalText> protos = ImmutableArray.Create(SyntheticProject.Proto());
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new RaftGenerator().AsSourceGenerator() },
            protos,
            SyntheticProject.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        var stopwatch = Stopwatch.StartNew();
        driver = driver.RunGenerators(compilation);
        Console.WriteLine($"full run: {stopwatch.Elapsed.TotalMilliseconds:F0} ms");
        Print(driver.GetRunResult());

        Compilation edited = compilation.AddSyntaxTrees(SyntheticProject.UnrelatedFile());
        var totals = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var wall = TimeSpan.Zero;
        for (int i = 0; i < rounds; i++)
        {
            stopwatch.Restart();
            GeneratorDriver next = driver.RunGenerators(edited);
            wall += stopwatch.Elapsed;
            Accumulate(next.GetRunResult(), totals);
        }

        Console.WriteLine($"unrelated edit, bound, mean of {rounds}: {wall.TotalMilliseconds / rounds:F1} ms");
        foreach (KeyValuePair<string, TimeSpan> step in totals.OrderByDescending(p => p.Value))
        {
            Console.WriteLine($"  {step.Key,-50} {step.Value.TotalMilliseconds / rounds,10:F2} ms");
        }

        // Step tracking itself costs; the wall time of the same edit without it, for scale.
        GeneratorDriver untracked = CSharpGeneratorDriver.Create(
            new[] { new RaftGenerator().AsSourceGenerator() },
            protos,
            SyntheticProject.ParseOptions).RunGenerators(compilation);
        untracked.RunGenerators(edited);
        stopwatch.Restart();
        for (int i = 0; i < rounds; i++)
        {
            untracked.RunGenerators(edited);
        }

        Console.WriteLine($"unrelated edit, bound, untracked, mean of {rounds}: {stopwatch.Elapsed.TotalMilliseconds / rounds:F1} ms");
        return 0;
    }

    private static void Print(GeneratorDriverRunResult run)
    {
        var totals = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        Accumulate(run, totals);
        foreach (KeyValuePair<string, TimeSpan> step in totals.OrderByDescending(p => p.Value))
        {
            Console.WriteLine($"  {step.Key,-50} {step.Value.TotalMilliseconds,10:F2} ms");
        }
    }

    private static void Accumulate(GeneratorDriverRunResult run, Dictionary<string, TimeSpan> totals)
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
    }
}
