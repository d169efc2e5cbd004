using System;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Runtime.Tests.Protos;
using RaftSdk.Tls;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// Key usage, the identity allow-list and the host-name check over real TLS, and the reason a
/// client gives when it refuses a server's certificate (issue 18, points 3 and 5).
/// </summary>
public sealed class PeerCertificateRuleTests(TlsFixture certificates) : IClassFixture<TlsFixture>
{
    private const string Incompatible = " (a certificate with an incompatible key usage, as Go's crypto/x509 refuses it)";

    [Fact]
    public async Task The_server_refuses_a_client_certificate_made_for_servers_only()
    {
        using RaftTlsCredentials serverTls = certificates.Server.LoadCredentials();
        using RaftTlsCredentials clientTls = Issued("client", [TestIssuer.ServerAuth]);

        string message = await FailureAsync(serverTls, clientTls, "127.0.0.1");

        Assert.Equal(
            "TLS handshake failed (The server refused this node's TLS certificate: the certificate does not allow client authentication (clientAuth): its extended key usage is serverAuth" + Incompatible + ")",
            message);
    }

    [Fact]
    public async Task The_client_refuses_a_server_certificate_made_for_clients_only_and_says_why()
    {
        using RaftTlsCredentials serverTls = Issued("server", [TestIssuer.ClientAuth]);
        using RaftTlsCredentials clientTls = certificates.Client.LoadCredentials();

        string message = await FailureAsync(serverTls, clientTls, "127.0.0.1");

        Assert.Equal(
            "TLS handshake failed (This node refused the server's TLS certificate: the certificate does not allow server authentication (serverAuth): its extended key usage is clientAuth" + Incompatible + ")",
            message);
    }

    [Theory]
    [InlineData("other-ca")]
    [InlineData("self-signed")]
    [InlineData("expired")]
    [InlineData("not-yet-valid")]
    public async Task The_client_says_why_it_refused_the_servers_certificate(string kind)
    {
        using RaftTlsCredentials serverTls = kind switch
        {
            "other-ca" => certificates.OtherCaNode.LoadCredentials(),
            "self-signed" => certificates.SelfSignedNode.LoadCredentials(),
            "expired" => Dated(certificates.ClusterCa.Certificate.NotBefore.ToUniversalTime(), certificates.ClusterCa.Certificate.NotBefore.ToUniversalTime().AddMinutes(1)),
            _ => Dated(certificates.ClusterCa.Certificate.NotAfter.ToUniversalTime().AddHours(-1), certificates.ClusterCa.Certificate.NotAfter.ToUniversalTime()),
        };
        using RaftTlsCredentials clientTls = certificates.Client.LoadCredentials();
        string reason = kind switch
        {
            "other-ca" => "the certificate was issued by 'CN=RaftSdk Test Other CA', which does not chain to the CA pool",
            "self-signed" => "the certificate is self-signed and not in the CA pool",
            "expired" => "the certificate expired on " + Utc(serverTls.Certificate.NotAfter),
            _ => "the certificate is not valid before " + Utc(serverTls.Certificate.NotBefore),
        };

        string message = await FailureAsync(serverTls, clientTls, "127.0.0.1");

        Assert.Equal("TLS handshake failed (This node refused the server's TLS certificate: " + reason + ")", message);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task With_the_host_name_check_a_server_valid_for_the_address_called_is_accepted(string host)
    {
        using RaftTlsCredentials serverTls = certificates.Server.LoadCredentials();
        using RaftTlsCredentials clientTls = WithPolicy(certificates.Client, new RaftTlsPeerPolicy { VerifyServerHostName = true });
        await using TestServer server = await TestServer.StartAsync(serverTls);
        using RaftClientCore client = TestServer.CreateClient(clientTls);

        Pong pong = await client.SendAsync($"{host}:{server.Listener.Port}", TestServer.Ping, TestServer.NewPing(5), CancellationToken.None);

        Assert.Equal(5UL, pong.Id);
    }

    [Fact]
    public async Task With_the_host_name_check_a_server_named_otherwise_is_refused()
    {
        using RaftTlsCredentials serverTls = Issued("named", null, ["node-x.example"]);
        using RaftTlsCredentials clientTls = WithPolicy(certificates.Client, new RaftTlsPeerPolicy { VerifyServerHostName = true });

        string message = await FailureAsync(serverTls, clientTls, "127.0.0.1");

        Assert.Equal(
            "TLS handshake failed (This node refused the server's TLS certificate: the certificate 'CN=named' is not valid for the host name '127.0.0.1' (none of its subject alternative names matches))",
            message);
    }

    [Fact]
    public async Task Without_the_host_name_check_a_server_named_otherwise_is_accepted_as_in_Go_original()
    {
        using RaftTlsCredentials serverTls = Issued("named", null, ["node-x.example"]);
        using RaftTlsCredentials clientTls = certificates.Client.LoadCredentials();
        await using TestServer server = await TestServer.StartAsync(serverTls);
        using RaftClientCore client = TestServer.CreateClient(clientTls);

        Pong pong = await client.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing(6), CancellationToken.None);

        Assert.Equal(6UL, pong.Id);
    }

    [Fact]
    public async Task The_server_admits_only_allowed_common_names()
    {
        using RaftTlsCredentials serverTls = WithPolicy(certificates.Server, new RaftTlsPeerPolicy { AllowedCommonNames = ["client"] });
        using RaftTlsCredentials allowed = certificates.Client.LoadCredentials();
        using RaftTlsCredentials intruder = Issued("intruder", null);
        await using TestServer server = await TestServer.StartAsync(serverTls);
        using RaftClientCore allowedClient = TestServer.CreateClient(allowed);
        using RaftClientCore intruderClient = TestServer.CreateClient(intruder);

        Pong pong = await allowedClient.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing(7), CancellationToken.None);
        RaftConnectionException refused = await Assert.ThrowsAsync<RaftConnectionException>(() =>
            intruderClient.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing(8), CancellationToken.None));

        Assert.Equal(7UL, pong.Id);
        Assert.Equal(RaftConnectionFailure.TlsHandshake, refused.Failure);
        Assert.Equal(
            $"Cannot call /test/ping on {server.Address}: TLS handshake failed (The server refused this node's TLS certificate: the certificate 'CN=intruder' names no allowed peer identity (AllowedCommonNames: client; AllowedHostNames: none))",
            refused.Message);
    }

    [Fact]
    public async Task The_server_admits_a_certificate_valid_for_an_allowed_host_name()
    {
        // As etcd's --peer-cert-allowed-hostname: the allowed name is a host, the certificate may hold a wildcard for it.
        var policy = new RaftTlsPeerPolicy { AllowedHostNames = ["node-1.peers.example"] };
        using RaftTlsCredentials serverTls = WithPolicy(certificates.Server, policy);
        using RaftTlsCredentials peer = Issued("peer", null, ["*.peers.example"]);
        using RaftTlsCredentials stranger = Issued("stranger", null, ["node-1.elsewhere.example"]);
        await using TestServer server = await TestServer.StartAsync(serverTls);
        using RaftClientCore peerClient = TestServer.CreateClient(peer);
        using RaftClientCore strangerClient = TestServer.CreateClient(stranger);

        Pong pong = await peerClient.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing(9), CancellationToken.None);
        RaftConnectionException refused = await Assert.ThrowsAsync<RaftConnectionException>(() =>
            strangerClient.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing(10), CancellationToken.None));

        Assert.Equal(9UL, pong.Id);
        Assert.EndsWith(
            "(The server refused this node's TLS certificate: the certificate 'CN=stranger' names no allowed peer identity (AllowedCommonNames: none; AllowedHostNames: node-1.peers.example))",
            refused.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_calls_only_servers_of_the_allow_list()
    {
        using RaftTlsCredentials rogueTls = Issued("rogue", null);
        using RaftTlsCredentials clientTls = WithPolicy(certificates.Client, new RaftTlsPeerPolicy { AllowedCommonNames = ["server"] });
        using RaftTlsCredentials serverTls = certificates.Server.LoadCredentials();
        await using TestServer server = await TestServer.StartAsync(serverTls);
        using RaftClientCore client = TestServer.CreateClient(clientTls);

        Pong pong = await client.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing(11), CancellationToken.None);
        string message = await FailureAsync(rogueTls, clientTls, "127.0.0.1");

        Assert.Equal(11UL, pong.Id);
        Assert.Equal(
            "TLS handshake failed (This node refused the server's TLS certificate: the certificate 'CN=rogue' names no allowed peer identity (AllowedCommonNames: server; AllowedHostNames: none))",
            message);
    }

    /// <summary>Starts a server, calls it once and returns what follows "Cannot call /test/ping on host:port: ".</summary>
    private static async Task<string> FailureAsync(RaftTlsCredentials serverTls, RaftTlsCredentials clientTls, string host)
    {
        await using TestServer server = await TestServer.StartAsync(serverTls);
        using RaftClientCore client = TestServer.CreateClient(clientTls);
        string address = host + ":" + server.Listener.Port;
        RaftConnectionException error = await Assert.ThrowsAsync<RaftConnectionException>(() =>
            client.SendAsync(address, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None));
        Assert.Equal(RaftConnectionFailure.TlsHandshake, error.Failure);
        Assert.Empty(server.Service.ConnectionIds);
        string prefix = $"Cannot call /test/ping on {address}: ";
        Assert.StartsWith(prefix, error.Message, StringComparison.Ordinal);
        return error.Message[prefix.Length..];
    }

    private RaftTlsCredentials Issued(string commonName, string[]? usages, string[]? dnsNames = null) =>
        TestIssuer.Credentials(TestIssuer.Leaf(certificates.ClusterCa.Certificate, commonName, usages, dnsNames), certificates.ClusterCa.Certificate);

    private RaftTlsCredentials Dated(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        (X509Certificate2 certificate, string _) = certificates.ClusterCa.IssueNodeCertificate("dated", notBefore, notAfter);
        return TestIssuer.Credentials(certificate, certificates.ClusterCa.Certificate);
    }

    private static RaftTlsCredentials WithPolicy(NodeCertificateFiles files, RaftTlsPeerPolicy policy) =>
        RaftTlsCredentials.Load(files.KeyFile, files.CertificateFile, files.CaFile, policy);

    private static string Utc(DateTime local) => local.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
