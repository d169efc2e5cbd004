using System;
using System.Collections.Generic;
using System.Globalization;

namespace RaftSdk.Samples.Cluster.Processes;

/// <summary>How to start one node: its id, ports, data folder, TLS folder and the settings every node shares.</summary>
public sealed record NodeSpec(ulong Id, int RaftPort, int HttpPort, string DataDirectory, string? TlsDirectory)
{
    public string RaftAddress => $"127.0.0.1:{RaftPort}";

    public IReadOnlyList<string> Arguments(string peers, int heartbeatMs, int electionTimeoutMs, string? transport = null)
    {
        var arguments = new List<string>
        {
            "--id", Id.ToString(CultureInfo.InvariantCulture),
            "--peers", peers,
            "--raft-port", RaftPort.ToString(CultureInfo.InvariantCulture),
            "--http-port", HttpPort.ToString(CultureInfo.InvariantCulture),
            "--data", DataDirectory,
            "--heartbeat-ms", heartbeatMs.ToString(CultureInfo.InvariantCulture),
            "--election-timeout-ms", electionTimeoutMs.ToString(CultureInfo.InvariantCulture),
            "--exit-with-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        };
        if (transport is not null)
        {
            arguments.Add("--transport");
            arguments.Add(transport);
        }

        if (TlsDirectory is not null)
        {
            arguments.Add("--tls-dir");
            arguments.Add(TlsDirectory);
        }

        return arguments;
    }
}
