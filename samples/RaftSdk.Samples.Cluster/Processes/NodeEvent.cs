using System;
using System.Collections.Generic;
using System.Globalization;

namespace RaftSdk.Samples.Cluster.Processes;

/// <summary>One <c>@name key=value ...</c> line a node printed on its standard output, and when the launcher read it.</summary>
public sealed record NodeEvent(string Name, IReadOnlyDictionary<string, string> Fields, DateTimeOffset ReceivedAt)
{
    public static NodeEvent? TryParse(string line, DateTimeOffset receivedAt)
    {
        if (!line.StartsWith('@'))
        {
            return null;
        }

        string[] parts = line[1..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string part in parts[1..])
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                fields[part[..equals]] = part[(equals + 1)..];
            }
        }

        return new NodeEvent(parts[0], fields, receivedAt);
    }

    public ulong Number(string field) => ulong.Parse(Fields[field], NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>The node's own clock for the event (<c>at=</c> Unix milliseconds), or when the launcher read it.</summary>
    public DateTimeOffset At => Fields.TryGetValue("at", out string? at)
        ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(at, NumberStyles.None, CultureInfo.InvariantCulture))
        : ReceivedAt;
}
