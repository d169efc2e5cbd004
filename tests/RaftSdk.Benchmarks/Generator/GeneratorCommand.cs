using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace RaftSdk.Benchmarks.Generator;

/// <summary>
/// <c>generator</c>: the generator-speed benchmarks, in process. A generator run takes up to
/// seconds and a compile of the synthetic project longer, so iterations are few and invocations
/// single.
/// </summary>
internal static class GeneratorCommand
{
    public static int Run(string[] args)
    {
        string[] arguments = args.Length == 0 ? new[] { "--filter", "*" } : args;
        Summary[] runs = BenchmarkSwitcher.FromTypes(new[] { typeof(GeneratorBenchmarks) }).Run(arguments, Config(warmups: 2, iterations: 8)).ToArray();
        Summary[] compiles = BenchmarkSwitcher.FromTypes(new[] { typeof(EmittedCodeCompileBenchmarks) }).Run(arguments, Config(warmups: 1, iterations: 3)).ToArray();
        return runs.Concat(compiles).Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }

    private static IConfig Config(int warmups, int iterations) => DefaultConfig.Instance
        .AddJob(Job.Default
            // A compile of the synthetic project with its generated code takes ~40 s here, past
            // the in-process toolchain's default 5-minute cap for a benchmark.
            .WithToolchain(new InProcessEmitToolchain(System.TimeSpan.FromMinutes(30), logOutput: true))
            .WithWarmupCount(warmups)
            .WithIterationCount(iterations)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("InProcess"))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .WithOptions(ConfigOptions.JoinSummary);
}
