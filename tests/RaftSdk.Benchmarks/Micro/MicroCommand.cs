using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace RaftSdk.Benchmarks.Micro;

/// <summary>
/// <c>micro</c>: the BenchmarkDotNet benchmarks, run in this process (no generated project to
/// build, which this repository's warnings-as-errors settings would fight), with the memory
/// diagnoser. Needs a Release build.
/// </summary>
internal static class MicroCommand
{
    public static int Run(string[] args)
    {
        IConfig config = DefaultConfig.Instance
            .AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithWarmupCount(5)
                .WithIterationCount(15)
                .WithId("InProcess"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.JoinSummary);
        string[] arguments = args.Length == 0 ? new[] { "--filter", "*" } : args;
        Summary[] summaries = BenchmarkSwitcher.FromTypes(new[] { typeof(CodecBenchmarks), typeof(ExpectContinueBenchmarks), typeof(ChainCheckBenchmarks) }).Run(arguments, config).ToArray();
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}
