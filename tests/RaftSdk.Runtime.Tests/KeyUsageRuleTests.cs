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
        string[]? rootUsages = name.StartsWith("root clientAuth", System.StringComparison.Ordinal) ? [TestIssuer.ClientAuth] : null;
        using X509Certificate2 root = TestIssuer.Root("Root", rootUsages);
        X509Certificate2? intermediate = name.StartsWith("intermediate", System.StringComparison.Ordinal)
            ? TestIssuer.Intermediate(root, "Mid", name switch
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
        using X509Certificate2 peer = TestIssuer.Leaf(intermediate ?? root, "peer", leafUsages);
        using RaftTlsCredentials judge = TestIssuer.Credentials(TestIssuer.Leaf(root, "judge", null), root);
        using var sent = new X509Chain();
        if (intermediate is not null)
        {
            sent.ChainPolicy.ExtraStore.Add(intermediate);
        }

        Assert.Null(judge.CheckPeer(peer, sent));
        Assert.Equal(asClient, judge.CheckClientCertificate(peer, sent));
        Assert.Equal(asServer, judge.CheckServerCertificate(peer, sent, "localhost"));
        intermediate?.Dispose();
    }
}
