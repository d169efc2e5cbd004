using System;
using System.Collections.Generic;
using RaftSdk.Server;
using RaftSdk.Transport;

namespace RaftSdk.Hosting;

/// <summary>
/// Settings of a node run by the .NET host, bound from configuration (section <c>RaftSdk</c> by
/// default; see docs/operations.md for every key) and validated when the host starts.
/// </summary>
public sealed class RaftNodeOptions
{
    /// <summary>The configuration section read by default: <c>RaftSdk</c>.</summary>
    public const string SectionName = "RaftSdk";

    /// <summary><c>Port</c>: the separate listener's TCP port; 0, the default, takes any free port.</summary>
    public int Port { get; set; }

    /// <summary><c>BindAddress</c>: the IP address the separate listener binds to; <c>0.0.0.0</c> (every IPv4 interface) by default.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary><c>ShutdownTimeout</c>: how long calls in flight may finish when the host stops; 5 seconds by default.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>MaxRequestBodySize</c>: the largest request body served, in bytes; 32 MiB by default (<see cref="RaftServerOptions.DefaultMaxRequestBodySize"/>).</summary>
    public long MaxRequestBodySize { get; set; } = RaftServerOptions.DefaultMaxRequestBodySize;

    /// <summary><c>RequestTimeout</c>: the limit of one outgoing call; 10 seconds by default.</summary>
    public TimeSpan RequestTimeout { get; set; } = RaftClientOptions.DefaultTimeout;

    /// <summary><c>MaxResponseBodySize</c>: the largest response body a client reads, in bytes; 16 MiB by default.</summary>
    public int MaxResponseBodySize { get; set; } = RaftClientOptions.DefaultMaxResponseBodySize;

    /// <summary><c>Tls</c>: mutual TLS; all three files set, or none.</summary>
    public RaftTlsFileOptions Tls { get; set; } = new();

    /// <summary>The configuration path the options were read from, for error messages.</summary>
    internal string Path { get; set; } = SectionName;

    /// <summary>Values the configuration held that could not be read (reported by validation, not thrown while binding).</summary>
    internal List<string> BindErrors { get; } = new();
}

/// <summary>The PEM files of mutual TLS (section <c>RaftSdk:Tls</c>); see <see cref="Tls.RaftTlsCredentials.Load"/>.</summary>
public sealed class RaftTlsFileOptions
{
    /// <summary><c>KeyFile</c>: the node's private key (PKCS#8, PKCS#1 RSA or SEC1 EC PEM, not encrypted).</summary>
    public string? KeyFile { get; set; }

    /// <summary><c>CertificateFile</c>: the node's certificate (PEM), used as server and client certificate.</summary>
    public string? CertificateFile { get; set; }

    /// <summary><c>CaFile</c>: the cluster's CA certificates (PEM); peers are verified against these only.</summary>
    public string? CaFile { get; set; }

    /// <summary><c>AllowedCommonNames</c>: when set, a peer's subject common name must be one of these, or its certificate valid for a name of <see cref="AllowedHostNames"/> (as etcd's <c>--peer-cert-allowed-cn</c>); empty by default.</summary>
    public List<string> AllowedCommonNames { get; } = new();

    /// <summary><c>AllowedHostNames</c>: when set, a peer's certificate must be valid for one of these DNS names or IP addresses (subject alternative names), or its common name in <see cref="AllowedCommonNames"/> (as etcd's <c>--peer-cert-allowed-hostname</c>); empty by default.</summary>
    public List<string> AllowedHostNames { get; } = new();

    /// <summary><c>VerifyServerHostName</c>: the client checks that a server's certificate is valid for the host it called; false by default, as the Go original.</summary>
    public bool VerifyServerHostName { get; set; }

    /// <summary><c>WatchFiles</c>: reload the three files when they change (certificate rotation without restart); true by default.</summary>
    public bool WatchFiles { get; set; } = true;

    /// <summary><c>ReloadDelay</c>: how long the files must stay unchanged before a reload reads them; 1 second by default.</summary>
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The allow-list and host-name check as the credentials take them.</summary>
    internal Tls.RaftTlsPeerPolicy PeerPolicy => new()
    {
        AllowedCommonNames = AllowedCommonNames.ToArray(),
        AllowedHostNames = AllowedHostNames.ToArray(),
        VerifyServerHostName = VerifyServerHostName,
    };

    /// <summary>True when any of the three files is set.</summary>
    public bool IsConfigured => !string.IsNullOrEmpty(KeyFile) || !string.IsNullOrEmpty(CertificateFile) || !string.IsNullOrEmpty(CaFile);
}
