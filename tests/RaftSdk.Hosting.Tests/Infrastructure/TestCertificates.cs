using System;
using System.Collections.Generic;
using System.IO;
using RaftSdk.Tls;

namespace RaftSdk.Hosting.Tests.Testing;

/// <summary>A throw-away CA and two node certificates written for this run (nothing committed).</summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "raftsdk-hosting-" + Guid.NewGuid().ToString("N"));

    public TestCertificates()
    {
        using DevelopmentCertificateAuthority ca = DevelopmentCertificateAuthority.Create("RaftSdk Hosting Tests CA");
        NodeA = ca.WriteNodeFiles(_directory, "node-a");
        NodeB = ca.WriteNodeFiles(_directory, "node-b");
    }

    public string Directory => _directory;

    public NodeCertificateFiles NodeA { get; }

    public NodeCertificateFiles NodeB { get; }

    public Dictionary<string, string?> Settings(NodeCertificateFiles files) => new()
    {
        ["RaftSdk:Tls:KeyFile"] = files.KeyFile,
        ["RaftSdk:Tls:CertificateFile"] = files.CertificateFile,
        ["RaftSdk:Tls:CaFile"] = files.CaFile,
    };

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
