using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using RaftSdk.DotNext.Cluster;

namespace RaftSdk.DotNext.Hosting;

/// <summary>
/// Reads <see cref="RaftSdkClusterOptions"/> from <c>RaftSdk:Cluster</c> by hand, as RaftSdk reads
/// its own section: no reflection, and a value that does not parse or a key nobody reads becomes a
/// problem naming the key, reported when the host starts.
/// </summary>
internal static class ClusterOptionsBinder
{
    private const string Known = "PublicAddress, Members, LowerElectionTimeout, UpperElectionTimeout, HeartbeatThreshold, WarmupRounds, Standby, IsLeaderLeaseEnabled, SnapshotChunkSize, MaxSnapshotSize, Metadata";

    public static void Bind(IConfigurationSection section, RaftSdkClusterOptions options)
    {
        options.Path = section.Path;
        foreach (IConfigurationSection child in section.GetChildren())
        {
            switch (child.Key.ToUpperInvariant())
            {
                case "PUBLICADDRESS":
                    options.PublicAddress = child.Value?.Trim() ?? string.Empty;
                    break;
                case "MEMBERS":
                    options.Members = ReadList(child);
                    break;
                case "LOWERELECTIONTIMEOUT":
                    ReadInt(child, options, v => options.LowerElectionTimeout = v, "a whole number of milliseconds");
                    break;
                case "UPPERELECTIONTIMEOUT":
                    ReadInt(child, options, v => options.UpperElectionTimeout = v, "a whole number of milliseconds");
                    break;
                case "HEARTBEATTHRESHOLD":
                    if (child.Value is string text && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double threshold))
                    {
                        options.HeartbeatThreshold = threshold;
                    }
                    else
                    {
                        options.BindErrors.Add($"{child.Path}: '{child.Value}' is not a number (a fraction of the lower election timeout, such as 0.5)");
                    }

                    break;
                case "WARMUPROUNDS":
                    ReadInt(child, options, v => options.WarmupRounds = v, "a whole number");
                    break;
                case "STANDBY":
                    ReadBool(child, options, v => options.Standby = v);
                    break;
                case "ISLEADERLEASEENABLED":
                    ReadBool(child, options, v => options.IsLeaderLeaseEnabled = v);
                    break;
                case "SNAPSHOTCHUNKSIZE":
                    ReadInt(child, options, v => options.SnapshotChunkSize = v, "a number of bytes");
                    break;
                case "MAXSNAPSHOTSIZE":
                    if (child.Value is string size && long.TryParse(size.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long bytes))
                    {
                        options.MaxSnapshotSize = bytes;
                    }
                    else
                    {
                        options.BindErrors.Add($"{child.Path}: '{child.Value}' is not a number of bytes");
                    }

                    break;
                case "METADATA":
                    foreach (IConfigurationSection pair in child.GetChildren())
                    {
                        options.Metadata[pair.Key] = pair.Value ?? string.Empty;
                    }

                    break;
                default:
                    options.BindErrors.Add($"{child.Path}: not a cluster setting (known: {Known})");
                    break;
            }
        }
    }

    /// <summary>A list as configuration writes it (<c>Members:0</c>, <c>Members:1</c>, ...) or as one comma-separated value.</summary>
    private static List<string> ReadList(IConfigurationSection section)
    {
        if (section.Value is string text)
        {
            return new List<string>(text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }

        var list = new List<string>();
        foreach (IConfigurationSection item in section.GetChildren())
        {
            list.Add(item.Value?.Trim() ?? string.Empty);
        }

        return list;
    }

    private static void ReadInt(IConfigurationSection child, RaftSdkClusterOptions options, Action<int> set, string expected)
    {
        if (child.Value is string text && int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
        {
            set(value);
            return;
        }

        options.BindErrors.Add($"{child.Path}: '{child.Value}' is not {expected}");
    }

    private static void ReadBool(IConfigurationSection child, RaftSdkClusterOptions options, Action<bool> set)
    {
        if (child.Value is string text && bool.TryParse(text.Trim(), out bool value))
        {
            set(value);
            return;
        }

        options.BindErrors.Add($"{child.Path}: '{child.Value}' is not true or false");
    }
}
