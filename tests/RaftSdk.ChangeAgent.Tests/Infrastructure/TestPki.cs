using System;
using System.IO;
using RaftSdk.Tls;

namespace RaftSdk.ChangeAgent.Tests.Infrastructure;

/// <summary>
/// A CA and node certificates generated for this test run (none committed): two nodes of the
/// cluster CA, one node of another CA, and a self-signed node.
/// </summary>
public sealed class TestPki : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "raftsdk-pki-" + Guid.NewGuid().ToString("N"));

    public TestPki()
    {
        using DevelopmentCertificateAuthority cluster = DevelopmentCertificateAuthority.Create("RaftSdk Test Cluster CA");
        using DevelopmentCertificateAuthority other = DevelopmentCertificateAuthority.Create("RaftSdk Test Other CA");
        NodeA = cluster.WriteNodeFiles(_directory, "node-a");
        NodeB = cluster.WriteNodeFiles(_directory, "node-b");

        // Trusts the cluster CA, but its own certificate comes from another CA.
        (var foreignCert, string foreignKey) = other.IssueNodeCertificate("foreign");
        using (foreignCert)
        {
            OtherCa = DevelopmentCertificateAuthority.WriteFiles(Path.Combine(_directory, "foreign"), foreignKey, foreignCert, cluster.Certificate);
        }

        (var selfCert, string selfKey) = DevelopmentCertificateAuthority.CreateSelfSignedNodeCertificate("self-signed");
        using (selfCert)
        {
            SelfSigned = DevelopmentCertificateAuthority.WriteFiles(Path.Combine(_directory, "self"), selfKey, selfCert, cluster.Certificate);
        }
    }

    public NodeCertificateFiles NodeA { get; }

    public NodeCertificateFiles NodeB { get; }

    public NodeCertificateFiles OtherCa { get; }

    public NodeCertificateFiles SelfSigned { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; a failed test run is not.
        }
    }
}
