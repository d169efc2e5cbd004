using System;
using System.IO;
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
/// A mutual-TLS handshake builds each peer's certificate chain once, on each side (issue 22):
/// SslStream builds it against the CA pool and that chain is judged. Before, SslStream built one
/// (against the system store on the client) and RaftTlsCredentials built a second against the
/// pool, on the listener and on the client: 5 builds per new connection, pooled or pipelined. Counted from .NET's chain-build events over real handshakes on a fresh connection
/// per call; the tests run alone, since the count is process-wide. The pooled handler's client
/// certificate is chosen per handshake (so that it rotates), and SslStream builds a chain of it
/// for each: one more build there, on the client.
/// </summary>
[Collection(nameof(ChainBuildCollection))]
public sealed class HandshakeChainBuildTests(TlsFixture certificates) : IClassFixture<TlsFixture>, IDisposable
{
    private const int Calls = 4;
    private static readonly TimeSpan ReloadWait = TimeSpan.FromSeconds(30);

    private readonly string _directory = Directory.CreateTempSubdirectory("raftsdk-chains-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_call_on_a_new_pooled_connection_builds_the_peers_chain_once_on_each_side()
    {
        using RaftTlsCredentials clientTls = certificates.Client.LoadCredentials();

        int builds = await BuildsOfNewConnectionsAsync((server, id) => CallOnNewClientAsync(clientTls, server, id));

        // Per connection: the client's chain on the listener, the server's chain on the client, this node's certificate.
        Assert.Equal(3 * Calls, builds);
    }

    [Fact]
    public async Task A_new_pipeline_connection_builds_one_chain_on_each_side()
    {
        using RaftTlsCredentials clientTls = certificates.Client.LoadCredentials();
        using RaftClientCore client = TestServer.CreateClient(clientTls);

        int builds = await BuildsOfNewConnectionsAsync((server, id) => CallOnNewPipelineAsync(client, server, id));

        Assert.Equal(2 * Calls, builds);
    }

    /// <summary>
    /// Both nodes' certificates issued by an intermediate CA that only the handshake carries (the
    /// CA files hold the root), which allows any usage: SslStream's chain takes the intermediate
    /// the peer sent and is judged as built on both sides; Go's rule accepts it whatever .NET
    /// reads into anyExtendedKeyUsage. A client certificate file with intermediates is presented
    /// through the generation's certificate context, so no chain of its own is built per handshake.
    /// </summary>
    [Fact]
    public async Task Intermediates_sent_in_the_handshake_serve_the_one_build_on_each_side()
    {
        using X509Certificate2 root = TestIssuer.Root("Chain Root", null);
        using X509Certificate2 intermediate = TestIssuer.Intermediate(root, "Chain Mid", [TestIssuer.AnyUsage]);
        string[] both = [TestIssuer.ServerAuth, TestIssuer.ClientAuth];
        using RaftTlsCredentials serverTls = TestIssuer.Credentials(TestIssuer.Leaf(intermediate, "server", both), root, null, intermediate);
        using RaftTlsCredentials clientTls = TestIssuer.Credentials(TestIssuer.Leaf(intermediate, "client", both), root, null, intermediate);

        int builds = await BuildsOfNewConnectionsAsync((server, id) => CallOnNewClientAsync(clientTls, server, id), serverTls);

        Assert.Equal(2 * Calls, builds);
    }

    [Fact]
    public async Task A_refused_client_certificate_costs_one_peer_chain_on_each_side_and_keeps_its_reason()
    {
        using RaftTlsCredentials serverTls = certificates.Server.LoadCredentials();
        using RaftTlsCredentials strangerTls = certificates.OtherCaNode.LoadCredentials();
        await using TestServer server = await TestServer.StartAsync(serverTls);
        using (RaftClientCore warm = TestServer.CreateClient(strangerTls))
        {
            await Assert.ThrowsAsync<RaftConnectionException>(() => warm.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None));
        }

        using var builds = new ChainBuildCounter();
        using RaftClientCore stranger = TestServer.CreateClient(strangerTls);
        RaftConnectionException refused = await Assert.ThrowsAsync<RaftConnectionException>(() =>
            stranger.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing(2), CancellationToken.None));

        // The listener judged the client's chain before it answered 403; the client built the server's and its own certificate's.
        Assert.True(builds.SourceSeen);
        Assert.Equal(3, builds.Count);
        Assert.Equal(RaftConnectionFailure.TlsHandshake, refused.Failure);
        Assert.Equal(
            $"Cannot call /test/ping on {server.Address}: TLS handshake failed (The server refused this node's TLS certificate: the certificate was issued by 'CN=RaftSdk Test Other CA', which does not chain to the CA pool)",
            refused.Message);
        Assert.Empty(server.Service.ConnectionIds);
    }

    /// <summary>
    /// The pooled handler copies its TLS options once, so after the CA file changed it still has
    /// SslStream build chains against the old pool: the client must judge new connections by the
    /// current pool all the same (building the chain again), refusing a server of the CA it
    /// dropped and accepting one of the CA it took.
    /// </summary>
    [Fact]
    public async Task A_pooled_client_made_before_its_CA_file_changed_judges_new_connections_by_the_new_pool()
    {
        NodeCertificateFiles files = certificates.ClusterCa.WriteNodeFiles(_directory, "watched");
        using RaftTlsCredentials clientTls = RaftTlsCredentials.LoadAndWatch(files.KeyFile, files.CertificateFile, files.CaFile, debounce: TimeSpan.FromMilliseconds(100));
        using RaftTlsCredentials clusterServerTls = certificates.Server.LoadCredentials();
        using RaftTlsCredentials otherServerTls = certificates.OtherCaNode.LoadCredentials();
        await using TestServer before = await TestServer.StartAsync(clusterServerTls);
        await using TestServer clusterServer = await TestServer.StartAsync(clusterServerTls);
        await using TestServer otherServer = await TestServer.StartAsync(otherServerTls);
        using RaftClientCore client = TestServer.CreateClient(clientTls);
        Assert.Equal(1UL, (await client.SendAsync(before.Address, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None)).Id);

        var reloaded = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        clientTls.Reloaded += failure => reloaded.TrySetResult(failure);
        DevelopmentCertificateAuthority.WritePem(files.CaFile, certificates.OtherCa.Certificate);
        Assert.Null(await reloaded.Task.WaitAsync(ReloadWait));

        _ = otherServerTls.ServerCertificateContext; // made once per generation, at its first handshake otherwise
        var builds = new ChainBuildCounter();
        Pong pong;
        using (builds)
        {
            pong = await client.SendAsync(otherServer.Address, TestServer.Ping, TestServer.NewPing(2), CancellationToken.None);
        }

        RaftConnectionException refused = await Assert.ThrowsAsync<RaftConnectionException>(() =>
            client.SendAsync(clusterServer.Address, TestServer.Ping, TestServer.NewPing(3), CancellationToken.None));

        Assert.Equal(2UL, pong.Id);
        Assert.Equal(RaftConnectionFailure.TlsHandshake, refused.Failure);
        Assert.Equal(
            $"Cannot call /test/ping on {clusterServer.Address}: TLS handshake failed (This node refused the server's TLS certificate: the certificate was issued by 'CN=RaftSdk Test Cluster CA', which does not chain to the CA pool)",
            refused.Message);

        // On the client the server's chain twice (SslStream's against the old pool, then the
        // current pool's) and this node's certificate; on the server the client's chain. Only the
        // accepted call is counted: a client refusing the server ends its side while the server
        // may still be judging the client's certificate.
        Assert.True(builds.SourceSeen);
        Assert.Equal(4, builds.Count);
    }

    /// <summary>The chain builds of <see cref="Calls"/> calls, each on a new connection (checked), to a listener of <paramref name="serverCredentials"/> (default: the cluster CA's server certificate).</summary>
    private async Task<int> BuildsOfNewConnectionsAsync(Func<TestServer, ulong, Task> call, RaftTlsCredentials? serverCredentials = null)
    {
        using RaftTlsCredentials clusterServerTls = certificates.Server.LoadCredentials();
        RaftTlsCredentials serverTls = serverCredentials ?? clusterServerTls;
        await using TestServer server = await TestServer.StartAsync(serverTls);
        await call(server, 100); // the generation's handshake contexts are made once, at the first handshake

        using var builds = new ChainBuildCounter();
        for (ulong i = 0; i < Calls; i++)
        {
            await call(server, i);
        }

        Assert.True(builds.SourceSeen);
        Assert.Equal(Calls + 1, server.Service.ConnectionIds.Count);
        return builds.Count;
    }

    private static async Task CallOnNewClientAsync(RaftTlsCredentials tls, TestServer server, ulong id)
    {
        using RaftClientCore client = TestServer.CreateClient(tls);
        Assert.Equal(id, (await client.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing(id), CancellationToken.None)).Id);
    }

    private static async Task CallOnNewPipelineAsync(RaftClientCore client, TestServer server, ulong id)
    {
        await using RaftPipeline pipeline = await client.OpenPipelineAsync(server.Address, depth: 1);
        Assert.Equal(id, (await pipeline.SendAsync(TestServer.Ping, TestServer.NewPing(id))).Id);
    }
}

/// <summary>The chain-build count is process-wide: these tests run alone.</summary>
[CollectionDefinition(nameof(ChainBuildCollection), DisableParallelization = true)]
public sealed class ChainBuildCollection;
