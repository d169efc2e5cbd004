using System;
using System.IO;
using System.Linq;

namespace RaftSdk.DotNext.Tests.Infrastructure;

/// <summary>This process's resident memory from Linux's /proc: now (VmRSS) and at its peak (VmHWM), whose peak can be reset.</summary>
internal static class ProcessMemory
{
    public static long ResidentBytes() => Read("VmRSS:");

    public static long PeakResidentBytes() => Read("VmHWM:");

    /// <summary>Sets the peak to the current resident size (writing 5 to clear_refs, Linux 4.0 and later).</summary>
    public static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

    private static long Read(string field)
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024; // kB
    }
}
