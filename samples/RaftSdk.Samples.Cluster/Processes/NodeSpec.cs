using System.Collections.Generic;

namespace RaftSdk.Samples.Cluster.Processes;

/// <summary>How to start one node: its id, ports, data folder, TLS folder and the settings every node shares.</summary>
public sealed record NodeSpec(ulong Id, int RaftPort, int HttpPort, string DataDirectory, string? TlsDirectory)
{
    public string RaftAddress => $"127.0.0.1:{RaftPort}";

    public IReadOnlyList<string> Arguments(string peers, int heartbeatMs, int electionTimeoutMs)
    {
        var arguments = new List<string>
        {
            "--id", Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--peers", peers,
            "--raft-port", RaftPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--http-port", HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--data", DataDirectory,
            "--heartbeat-ms", heartbeatMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--election-timeout-ms", electionTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--exit-with-pid", System.Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (TlsDirectory is not null)
        {
            arguments.Add("--tls-dir");
            arguments.Add(TlsDirectory);
        }

        return arguments;
    }
}
