using System;
using System.Diagnostics;

namespace RaftSdk.Benchmarks.Serve;

/// <summary>CPU time and bytes allocated by this whole process so far.</summary>
internal sealed record ProcessStats(double CpuMilliseconds, long AllocatedBytes, int Gen0, int Gen1, int Gen2)
{
    public static ProcessStats Now()
    {
        using Process self = Process.GetCurrentProcess();
        return new ProcessStats(
            self.TotalProcessorTime.TotalMilliseconds,
            GC.GetTotalAllocatedBytes(precise: true),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2));
    }

    public ProcessStats Minus(ProcessStats earlier) =>
        new(CpuMilliseconds - earlier.CpuMilliseconds, AllocatedBytes - earlier.AllocatedBytes, Gen0 - earlier.Gen0, Gen1 - earlier.Gen1, Gen2 - earlier.Gen2);
}
