using System;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent.Tests.Infrastructure;
using RaftSdk.Testing;
using Xunit;

namespace RaftSdk.ChangeAgent.Tests;

/// <summary>Mutual TLS with a CA and certificates generated in this run.</summary>
public sealed class SecureModeTests : IClassFixture<TestPki>
{
    private static readonly Entry Proposal = new() { Index = 3, Term = 3, Timestamp = new NanoTimestamp(1700000000123456789), Data = new byte[] { 42 } };
    private readonly TestPki _pki;

    public SecureModeTests(TestPki pki)
    {
        _pki = pki;
    }

    [Fact]
    public async Task Two_secure_nodes_propose_to_each_other()
    {
        await using ICommunication a = await Nodes.StartSecureAsync(new OriginalTestRaft(1), _pki.NodeA);
        await using ICommunication b = await Nodes.StartSecureAsync(new OriginalTestRaft(2), _pki.NodeB);

        Assert.Equal(123UL, (await a.ProposeAsync(b.Address(), Proposal)).NewIndex);
        Assert.Equal(123UL, (await b.ProposeAsync(a.Address(), Proposal)).NewIndex);

        // No host-name check: the same node is reachable by name as well as by IP.
        Assert.Equal(new NodeId(2), await a.DiscoverAsync("localhost:" + b.Port));
    }

    [Theory]
    [InlineData("other-ca")]
    [InlineData("self-signed")]
    public async Task Client_rejects_a_server_whose_certificate_is_not_from_the_CA(string which)
    {
        await using ICommunication server = await Nodes.StartSecureAsync(new OriginalTestRaft(2), Pick(which));
        await using ICommunication client = await Nodes.StartSecureAsync(new OriginalTestRaft(1), _pki.NodeA);

        var error = await Assert.ThrowsAsync<RaftConnectionException>(() => client.ProposeAsync(server.Address(), Proposal));
        Assert.Equal(server.Address(), error.Address);
    }

    [Theory]
    [InlineData("other-ca")]
    [InlineData("self-signed")]
    public async Task Server_rejects_a_client_whose_certificate_is_not_from_the_CA(string which)
    {
        var raft = new OriginalTestRaft(2);
        await using ICommunication server = await Nodes.StartSecureAsync(raft, _pki.NodeA);
        await using ICommunication client = await Nodes.StartSecureAsync(new OriginalTestRaft(1), Pick(which));

        await Assert.ThrowsAnyAsync<RaftTransportException>(() => client.ProposeAsync(server.Address(), Proposal));
        Assert.Empty(raft.Proposals);
    }

    [Fact]
    public async Task A_plain_client_cannot_call_a_secure_node()
    {
        var raft = new OriginalTestRaft(2);
        await using ICommunication server = await Nodes.StartSecureAsync(raft, _pki.NodeA);
        await using ICommunication plain = await Nodes.StartAsync(new OriginalTestRaft(1));

        await Assert.ThrowsAnyAsync<RaftTransportException>(() => plain.ProposeAsync(server.Address(), Proposal));
        Assert.Empty(raft.Proposals);
    }

    [Theory]
    [InlineData("", "cert", "ca")]
    [InlineData("key", "", "ca")]
    [InlineData("key", "cert", "")]
    public async Task Secure_mode_needs_all_three_files(string key, string cert, string ca)
    {
        string Resolve(string name, string path) => name.Length == 0 ? string.Empty : path;
        await Assert.ThrowsAsync<ArgumentException>(() => RaftCommunication.StartSecureCommunicationAsync(
            0, Resolve(key, _pki.NodeA.KeyFile), Resolve(cert, _pki.NodeA.CertificateFile), Resolve(ca, _pki.NodeA.CaFile), Nodes.Loopback()));
    }

    private RaftSdk.Tls.NodeCertificateFiles Pick(string which) => which == "other-ca" ? _pki.OtherCa : _pki.SelfSigned;
}
