using System.Security.Cryptography.X509Certificates;
using RaftSdk.Tls;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// Go's extended-key-usage rule (crypto/x509 checkChainForKeyUsage), case by case: a client
/// certificate must allow clientAuth and a server certificate serverAuth, in every certificate of
/// the chain that has the extension; no extension or anyExtendedKeyUsage allows all (issue 18, point 3).
/// </summary>
public sealed class KeyUsageRuleTests
{
    private const string Incompatible = " (a certificate with an incompatible key usage, as Go's crypto/x509 refuses it)";
    private const string NoClientAuth = "does not allow client authentication (clientAuth): its extended key usage is ";
    private const string NoServerAuth = "does not allow server authentication (serverAuth): its extended key usage is ";

    public static TheoryData<string, string?, string?> Cases => new()
    {
        // case, refusal as a client, refusal as a server (null: accepted)
        { "leaf without the extension", null, null },
        { "leaf clientAuth", null, "the certificate " + NoServerAuth + "clientAuth" + Incompatible },
        { "leaf serverAuth", "the certificate " + NoClientAuth + "serverAuth" + Incompatible, null },
        { "leaf both", null, null },
        { "leaf anyExtendedKeyUsage", null, null },
        { "leaf codeSigning only", "the certificate " + NoClientAuth + "1.3.6.1.5.5.7.3.3" + Incompatible, "the certificate " + NoServerAuth + "1.3.6.1.5.5.7.3.3" + Incompatible },
        { "intermediate serverAuth over leaf both", "the CA certificate 'CN=Mid' of its chain " + NoClientAuth + "serverAuth" + Incompatible, null },
        { "intermediate without the extension over leaf both", null, null },
        { "intermediate anyExtendedKeyUsage over leaf both", null, null },
        { "root clientAuth over leaf without the extension", null, "the CA certificate 'CN=Root' of its chain " + NoServerAuth + "clientAuth" + Incompatible },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Chains_follow_Gos_rule(string name, string? asClient, string? asServer)
    {
        using var chains = new CaseChains(name);
        using var sent = new X509Chain();
        if (chains.Intermediate is not null)
        {
            sent.ChainPolicy.ExtraStore.Add(chains.Intermediate);
        }

        Assert.Null(chains.Judge.CheckPeer(chains.Peer, sent));
        Assert.Equal(asClient, chains.Judge.CheckClientCertificate(chains.Peer, sent));
        Assert.Equal(asServer, chains.Judge.CheckServerCertificate(chains.Peer, sent, "localhost"));
    }

    /// <summary>
    /// The same cases judged on the chain a handshake builds (issue 22): SslStream clones the CA
    /// pool's policy, adds the certificates the peer sent and asks for the usage of the peer's
    /// role, which .NET marks NotValidForUsage where it reads the usages otherwise than Go; the
    /// chain is judged as built (not built again) and Go's rule still decides.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Chains_built_in_the_handshake_follow_Gos_rule(string name, string? asClient, string? asServer)
    {
        using var chains = new CaseChains(name);
        using X509Chain ofClient = chains.BuiltAsSslStreamDoes(TestIssuer.ClientAuth);
        using X509Chain ofServer = chains.BuiltAsSslStreamDoes(TestIssuer.ServerAuth);

        Assert.Equal(asClient, chains.Judge.CheckClientCertificate(chains.Peer, ofClient));
        Assert.Equal(asServer, chains.Judge.CheckServerCertificate(chains.Peer, ofServer, "localhost"));
    }

    /// <summary>The certificates of one case: a root, maybe an intermediate, the peer's leaf, and credentials trusting the root.</summary>
    private sealed class CaseChains : System.IDisposable
    {
        private readonly X509Certificate2 _root;

        public CaseChains(string name)
        {
            string[]? rootUsages = name.StartsWith("root clientAuth", System.StringComparison.Ordinal) ? [TestIssuer.ClientAuth] : null;
            _root = TestIssuer.Root("Root", rootUsages);
            Intermediate = name.StartsWith("intermediate", System.StringComparison.Ordinal)
                ? TestIssuer.Intermediate(_root, "Mid", name switch
                {
                    "intermediate serverAuth over leaf both" => [TestIssuer.ServerAuth],
                    "intermediate anyExtendedKeyUsage over leaf both" => [TestIssuer.AnyUsage],
                    _ => null,
                })
                : null;
            string[]? leafUsages = name switch
            {
                "leaf clientAuth" => [TestIssuer.ClientAuth],
                "leaf serverAuth" => [TestIssuer.ServerAuth],
                "leaf anyExtendedKeyUsage" => [TestIssuer.AnyUsage],
                "leaf codeSigning only" => [TestIssuer.CodeSigning],
                "leaf without the extension" or "root clientAuth over leaf without the extension" => null,
                _ => [TestIssuer.ServerAuth, TestIssuer.ClientAuth],
            };
            Peer = TestIssuer.Leaf(Intermediate ?? _root, "peer", leafUsages);
            Judge = TestIssuer.Credentials(TestIssuer.Leaf(_root, "judge", null), _root);
        }

        public X509Certificate2? Intermediate { get; }

        public X509Certificate2 Peer { get; }

        public RaftTlsCredentials Judge { get; }

        /// <summary>What SslStream does with the judge's policy (see RaftSdk's SslStream options), checked to be a chain the judge takes as built.</summary>
        public X509Chain BuiltAsSslStreamDoes(string usageAsked)
        {
            var chain = new X509Chain { ChainPolicy = Judge.PeerChainPolicy.Clone() };
            chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(usageAsked));
            if (Intermediate is not null)
            {
                chain.ChainPolicy.ExtraStore.Add(Intermediate);
            }

            chain.Build(Peer);
            Assert.True(new CaPoolTrust(Judge.CertificateAuthorities).Built(chain, Peer));
            return chain;
        }

        public void Dispose()
        {
            Judge.Dispose();
            Peer.Dispose();
            Intermediate?.Dispose();
            _root.Dispose();
        }
    }
}
