using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace RaftSdk.Benchmarks.Generator;

/// <summary><c>generator</c>: the generator-speed benchmarks (issue 3), in process, few iterations (each run takes seconds).</summary>
internal static class GeneratorCommand
{
    public static int Run(string[] args)
    {
        IConfig config = DefaultConfig.Instance
            .AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithWarmupCount(2)
                .WithIterationCount(8)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithId("InProcess"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.JoinSummary);
        string[] arguments = args.Length == 0 ? new[] { "--filter", "*" } : args;
        Summary[] summaries = BenchmarkSwitcher.FromTypes(new[] { typeof(GeneratorBenchmarks) }).Run(arguments, config).ToArray();
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}
