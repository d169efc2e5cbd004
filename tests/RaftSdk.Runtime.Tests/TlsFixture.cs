using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using RaftSdk.Tls;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// Certificates generated for this test run in a temporary directory: a cluster CA with a server
/// and a client node, another CA with one node, and a self-signed node. The bad nodes trust the
/// cluster CA, so each test fails on one side only.
/// </summary>
public sealed class TlsFixture : IDisposable
{
    public TlsFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("raftsdk-tls-").FullName;
        ClusterCa = DevelopmentCertificateAuthority.Create("RaftSdk Test Cluster CA");
        OtherCa = DevelopmentCertificateAuthority.Create("RaftSdk Test Other CA");

        Server = ClusterCa.WriteNodeFiles(Directory, "server");
        Client = ClusterCa.WriteNodeFiles(Directory, "client");

        (X509Certificate2 other, string otherKey) = OtherCa.IssueNodeCertificate("other");
        using (other)
        {
            OtherCaNode = DevelopmentCertificateAuthority.WriteFiles(Path.Combine(Directory, "other"), otherKey, other, ClusterCa.Certificate);
        }

        (X509Certificate2 self, string selfKey) = DevelopmentCertificateAuthority.CreateSelfSignedNodeCertificate("self");
        using (self)
        {
            SelfSignedNode = DevelopmentCertificateAuthority.WriteFiles(Path.Combine(Directory, "self"), selfKey, self, ClusterCa.Certificate);
        }
    }

    public string Directory { get; }

    public DevelopmentCertificateAuthority ClusterCa { get; }

    public DevelopmentCertificateAuthority OtherCa { get; }

    public NodeCertificateFiles Server { get; }

    public NodeCertificateFiles Client { get; }

    public NodeCertificateFiles OtherCaNode { get; }

    public NodeCertificateFiles SelfSignedNode { get; }

    public void Dispose()
    {
        ClusterCa.Dispose();
        OtherCa.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
