using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace RaftSdk.Samples.ClusterNode.Hosting;

/// <summary>
/// A node's settings, from the command line (<c>--id 1 --raft-port 7001 ...</c>), environment
/// variables prefixed <c>RAFTNODE_</c> or an <c>appsettings.json</c>, in rising precedence from
/// the file to the command line. Anything missing or malformed stops the node with a message that
/// names the setting.
/// </summary>
internal sealed record NodeSettings
{
    public const string Usage = """
        Usage: RaftSdk.Samples.ClusterNode --id <n> --peers <id=host:port,...> [options]
          --id <n>                   this node's id (a positive integer, unique in the cluster)
          --peers <list>             the other members: id=host:port, comma-separated
          --bind <ip>                address the Raft port listens on (default 127.0.0.1)
          --raft-port <port>         Raft port for peers (default 0: any free port)
          --http-port <port>         HTTP API for people, on 127.0.0.1 only (default 0: any free port)
          --data <dir>               where the log and the vote live (default ./raft-data/node-<id>)
          --tls-dir <dir>            mutual TLS with key.pem, cert.pem and ca.pem from this folder
          --cluster-id <n>           the cluster's id; peers of another cluster are refused (default 1)
          --heartbeat-ms <ms>        leader heartbeat interval (default 50)
          --election-timeout-ms <ms> shortest election timeout; each one is random up to twice it (default 300)
          --request-timeout-ms <ms>  limit of one call to a peer (default 2000)
          --exit-with-pid <pid>      stop when that process ends (the launcher passes its own, so no node outlives it)
        """;

    public required ulong Id { get; init; }

    public required IReadOnlyDictionary<ulong, string> Peers { get; init; }

    public IPAddress Bind { get; init; } = IPAddress.Loopback;

    public int RaftPort { get; init; }

    public int HttpPort { get; init; }

    public required string DataDirectory { get; init; }

    public string? TlsDirectory { get; init; }

    public ulong ClusterId { get; init; } = 1;

    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan ElectionTimeout { get; init; } = TimeSpan.FromMilliseconds(300);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A process whose end stops this node; 0 for none.</summary>
    public int ExitWithProcessId { get; init; }

    public static NodeSettings From(IConfiguration configuration)
    {
        ulong id = ParseUnsigned(configuration, "id", required: true, fallback: 0);
        if (id == 0)
        {
            throw new SettingsException("--id must be a positive integer.");
        }

        var settings = new NodeSettings
        {
            Id = id,
            Peers = ParsePeers(configuration["peers"], id),
            Bind = ParseAddress(configuration["bind"]),
            RaftPort = ParsePort(configuration, "raft-port"),
            HttpPort = ParsePort(configuration, "http-port"),
            DataDirectory = Path.GetFullPath(configuration["data"] ?? Path.Combine("raft-data", $"node-{id}")),
            TlsDirectory = configuration["tls-dir"] is { Length: > 0 } tls ? Path.GetFullPath(tls) : null,
            ClusterId = ParseUnsigned(configuration, "cluster-id", required: false, fallback: 1),
            Heartbeat = ParseMilliseconds(configuration, "heartbeat-ms", 50),
            ElectionTimeout = ParseMilliseconds(configuration, "election-timeout-ms", 300),
            RequestTimeout = ParseMilliseconds(configuration, "request-timeout-ms", 2000),
            ExitWithProcessId = (int)Math.Min(ParseUnsigned(configuration, "exit-with-pid", required: false, fallback: 0), int.MaxValue),
        };
        if (settings.Heartbeat * 2 > settings.ElectionTimeout)
        {
            throw new SettingsException($"--heartbeat-ms ({settings.Heartbeat.TotalMilliseconds}) must be at most half of --election-timeout-ms ({settings.ElectionTimeout.TotalMilliseconds}), or followers time out between heartbeats.");
        }

        if (settings.TlsDirectory is { } folder)
        {
            foreach (string file in new[] { "key.pem", "cert.pem", "ca.pem" })
            {
                if (!File.Exists(Path.Combine(folder, file)))
                {
                    throw new SettingsException($"--tls-dir {folder} has no {file} (it needs key.pem, cert.pem and ca.pem).");
                }
            }
        }

        return settings;
    }

    private static Dictionary<ulong, string> ParsePeers(string? text, ulong self)
    {
        var peers = new Dictionary<ulong, string>();
        foreach (string item in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = item.Split('=', 2);
            if (parts.Length != 2 || !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong peerId) || peerId == 0)
            {
                throw new SettingsException($"--peers: '{item}' is not id=host:port.");
            }

            if (!IsHostAndPort(parts[1]))
            {
                throw new SettingsException($"--peers: '{parts[1]}' of node {peerId} is not host:port (no scheme, no path).");
            }

            if (peerId != self && !peers.TryAdd(peerId, parts[1]))
            {
                throw new SettingsException($"--peers names node {peerId} twice.");
            }
        }

        return peers;
    }

    private static bool IsHostAndPort(string address)
    {
        int colon = address.LastIndexOf(':');
        return colon > 0
            && !address.Contains('/', StringComparison.Ordinal)
            && int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            && port is > 0 and <= 65535;
    }

    private static IPAddress ParseAddress(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(text, out IPAddress? address) ? address : throw new SettingsException($"--bind: '{text}' is not an IP address.");
    }

    private static int ParsePort(IConfiguration configuration, string name)
    {
        string? text = configuration[name];
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port <= 65535
            ? port
            : throw new SettingsException($"--{name}: '{text}' is not a port (0 to 65535).");
    }

    private static ulong ParseUnsigned(IConfiguration configuration, string name, bool required, ulong fallback)
    {
        string? text = configuration[name];
        if (string.IsNullOrEmpty(text))
        {
            return required ? throw new SettingsException($"--{name} is required.") : fallback;
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : throw new SettingsException($"--{name}: '{text}' is not a non-negative integer.");
    }

    private static TimeSpan ParseMilliseconds(IConfiguration configuration, string name, int fallback)
    {
        string? text = configuration[name];
        if (string.IsNullOrEmpty(text))
        {
            return TimeSpan.FromMilliseconds(fallback);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
            ? TimeSpan.FromMilliseconds(value)
            : throw new SettingsException($"--{name}: '{text}' is not a positive number of milliseconds.");
    }
}
