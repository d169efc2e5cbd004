using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RaftSdk.Benchmarks;

/// <summary>What machine a result came from, and the JSON settings of every report.</summary>
internal static class Report
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static MachineInfo Machine() => new(
        DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
        Environment.ProcessorCount,
        CpuModel(),
        MemoryTotal(),
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription,
        GCSettings.IsServerGC ? "server" : "workstation",
        LoadAverage());

    public static string LoadAverage() => ReadFirstLine("/proc/loadavg") ?? "n/a";

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static string MemoryTotal()
    {
        try
        {
            string? line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal));
            return line is null ? "n/a" : line.Split(':', 2)[1].Trim();
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static string? ReadFirstLine(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadLines(path).FirstOrDefault() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

internal sealed record MachineInfo(string Date, int ProcessorCount, string Cpu, string Memory, string Runtime, string Os, string Gc, string LoadAverage);
