using System;
using System.Diagnostics;
using System.Runtime;

namespace RaftSdk.Benchmarks.Serve;

/// <summary>
/// CPU time and bytes allocated by this whole process so far, and what the JIT did (methods
/// compiled, time spent compiling): tiered compilation that is still going on counts as CPU too;
/// and the thread-pool work items run, which counts the hand-offs between threads a call costs.
/// </summary>
internal sealed record ProcessStats(double CpuMilliseconds, long AllocatedBytes, int Gen0, int Gen1, int Gen2, long JitMethods = 0, double JitMilliseconds = 0, long WorkItems = 0)
{
    public static ProcessStats Now()
    {
        using Process self = Process.GetCurrentProcess();
        return new ProcessStats(
            self.TotalProcessorTime.TotalMilliseconds,
            GC.GetTotalAllocatedBytes(precise: true),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            JitInfo.GetCompiledMethodCount(),
            JitInfo.GetCompilationTime().TotalMilliseconds,
            System.Threading.ThreadPool.CompletedWorkItemCount);
    }

    public ProcessStats Minus(ProcessStats earlier) =>
        new(
            CpuMilliseconds - earlier.CpuMilliseconds,
            AllocatedBytes - earlier.AllocatedBytes,
            Gen0 - earlier.Gen0,
            Gen1 - earlier.Gen1,
            Gen2 - earlier.Gen2,
            JitMethods - earlier.JitMethods,
            JitMilliseconds - earlier.JitMilliseconds,
            WorkItems - earlier.WorkItems);
}
