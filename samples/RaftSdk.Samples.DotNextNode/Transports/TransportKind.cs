using System;

namespace RaftSdk.Samples.DotNextNode.Transports;

/// <summary>How the node's DotNext Raft talks to its peers; everything else (log, state machine, HTTP API) is the same.</summary>
internal enum TransportKind
{
    /// <summary>The RaftSdk contract of RaftSdk.DotNext (plain or mutual TLS).</summary>
    RaftSdk,

    /// <summary>DotNext.AspNetCore.Cluster's own HTTP transport (plain only in this sample).</summary>
    Http,

    /// <summary>DotNext.Net.Cluster's own TCP transport (plain only in this sample).</summary>
    Tcp,
}

internal static class TransportKinds
{
    public const string Usage = "      --transport <name>         raftsdk (default), http (DotNext.AspNetCore.Cluster) or tcp (DotNext.Net.Cluster); http and tcp are plain only and need a fixed --raft-port and --http-port\n";

    /// <summary>Reads <c>--transport</c>; null (absent) is RaftSdk.</summary>
    /// <exception cref="ArgumentException">Any other name; the message lists the valid ones.</exception>
    public static TransportKind Parse(string? name) => name switch
    {
        null or "" or "raftsdk" => TransportKind.RaftSdk,
        "http" => TransportKind.Http,
        "tcp" => TransportKind.Tcp,
        _ => throw new ArgumentException($"--transport: '{name}' is not a transport; use raftsdk, http or tcp."),
    };
}
