using System;
using System.Globalization;
using System.IO;

namespace RaftSdk.Benchmarks.Soak;

/// <summary>Resident memory of a process from /proc (Linux): now (VmRSS) and peak (VmHWM), in bytes.</summary>
internal static class ProcessMemory
{
    public static long? Rss(int pid) => Read(pid, "VmRSS:");

    public static long? PeakRss(int pid) => Read(pid, "VmHWM:");

    /// <summary>Resets the peak (VmHWM) to the current RSS; false where /proc does not allow it.</summary>
    public static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long? Read(int pid, string key)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    string[] parts = line[key.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
