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
    private const string Known = "PublicAddress, Members, LowerElectionTimeout, UpperElectionTimeout, HeartbeatThreshold, WarmupRounds, Standby, IsLeaderLeaseEnabled, MaxSnapshotSize, Metadata";

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
                    Read<int>(child, options, TryParseInt, v => options.LowerElectionTimeout = v, "a whole number of milliseconds");
                    break;
                case "UPPERELECTIONTIMEOUT":
                    Read<int>(child, options, TryParseInt, v => options.UpperElectionTimeout = v, "a whole number of milliseconds");
                    break;
                case "HEARTBEATTHRESHOLD":
                    Read<double>(child, options, TryParseDouble, v => options.HeartbeatThreshold = v, "a number (a fraction of the lower election timeout, such as 0.5)");
                    break;
                case "WARMUPROUNDS":
                    Read<int>(child, options, TryParseInt, v => options.WarmupRounds = v, "a whole number");
                    break;
                case "STANDBY":
                    Read<bool>(child, options, bool.TryParse, v => options.Standby = v, "true or false");
                    break;
                case "ISLEADERLEASEENABLED":
                    Read<bool>(child, options, bool.TryParse, v => options.IsLeaderLeaseEnabled = v, "true or false");
                    break;
                case "MAXSNAPSHOTSIZE":
                    Read<long>(child, options, TryParseLong, v => options.MaxSnapshotSize = v, "a number of bytes");
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

    private delegate bool TryParse<T>(string text, out T value);

    private static void Read<T>(IConfigurationSection child, RaftSdkClusterOptions options, TryParse<T> parse, Action<T> set, string expected)
    {
        if (child.Value is string text && parse(text.Trim(), out T value))
        {
            set(value);
            return;
        }

        options.BindErrors.Add($"{child.Path}: '{child.Value}' is not {expected}");
    }

    private static bool TryParseInt(string text, out int value) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    private static bool TryParseLong(string text, out long value) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    private static bool TryParseDouble(string text, out double value) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
