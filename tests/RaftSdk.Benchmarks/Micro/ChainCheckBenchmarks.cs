using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using RaftSdk.Tls;

namespace RaftSdk.Benchmarks.Micro;

/// <summary>
/// The certificate-chain work of one side of a mutual-TLS handshake (issue 22): the chain
/// SslStream builds for the peer's certificate, then RaftSdk's check of it, each operation on a
/// fresh chain as in a handshake. Before, SslStream built its chain against the system store (on
/// the client) or the server certificate context's trust list (on the listener), and the check
/// built a second chain against the CA pool; now SslStream builds it with the CA pool's policy
/// and the check judges that chain as built.
/// </summary>
[MemoryDiagnoser]
public class ChainCheckBenchmarks
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    private string _directory = null!;
    private RaftTlsCredentials _judge = null!;
    private X509Certificate2 _peer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = BenchPki.NewTemporaryDirectory();
        BenchPki.EnsureCreated(_directory);
        _judge = BenchPki.ServerFiles(_directory).LoadCredentials();
        _peer = X509Certificate2.CreateFromPem(File.ReadAllText(BenchPki.ClientFiles(_directory).CertificateFile));
        if (ListenerBefore() is not null || ClientBefore() is not null || ListenerNow() is not null)
        {
            throw new InvalidOperationException("The benchmark's peer certificate should be accepted.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _peer.Dispose();
        _judge.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The listener before: SslStream's chain with the context's trust list, then the check's own chain.</summary>
    [Benchmark(Baseline = true)]
    public string? ListenerBefore()
    {
        var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_judge.CertificateAuthorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.RevocationFlag = X509RevocationFlag.ExcludeRoot;
        return BuildAndCheck(chain, ClientAuthentication);
    }

    /// <summary>The client before: SslStream's chain against the system store, then the check's own chain.</summary>
    [Benchmark]
    public string? ClientBefore()
    {
        var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.RevocationFlag = X509RevocationFlag.ExcludeRoot;
        return BuildAndCheck(chain, ServerAuthentication);
    }

    /// <summary>Either side now: SslStream's chain with the CA pool's policy, judged as built.</summary>
    [Benchmark]
    public string? ListenerNow()
    {
        var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_judge.CertificateAuthorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        return BuildAndCheck(chain, ClientAuthentication);
    }

    // As SslStream: the usage of the peer's role asked for, the chain built, the callback called; the chain's certificates left to the GC.
    private string? BuildAndCheck(X509Chain chain, Oid usage)
    {
        chain.ChainPolicy.ApplicationPolicy.Add(usage);
        chain.Build(_peer);
        string? verdict = usage == ClientAuthentication ? _judge.CheckClientCertificate(_peer, chain) : _judge.CheckServerCertificate(_peer, chain, "localhost");
        chain.Dispose();
        return verdict;
    }
}
