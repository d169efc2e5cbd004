using System;
using System.Net.Http;
using System.Net.Security;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Runtime.Tests.Protos;
using RaftSdk.Tls;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

public sealed class MutualTlsTests(TlsFixture certificates) : IClassFixture<TlsFixture>
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task SharedCaSucceedsWhateverTheHostName(string host)
    {
        using RaftTlsCredentials serverTls = certificates.Server.LoadCredentials();
        using RaftTlsCredentials clientTls = certificates.Client.LoadCredentials();
        await using TestServer server = await TestServer.StartAsync(serverTls);
        using RaftClientCore client = TestServer.CreateClient(clientTls);

        Pong pong = await client.SendAsync($"{host}:{server.Listener.Port}", TestServer.Ping, TestServer.NewPing(11, "secure"), CancellationToken.None);
        Pong id = await client.SendAsync($"{host}:{server.Listener.Port}", TestServer.Id, default, CancellationToken.None);

        Assert.Equal("https", client.Scheme);
        Assert.Equal("https", server.Listener.Scheme);
        Assert.Equal(11UL, pong.Id);
        Assert.Equal("secure", pong.Text);
        Assert.Equal(1UL, id.Id);
    }

    [Fact]
    public async Task ConnectionsAreReusedOverTls()
    {
        using RaftTlsCredentials serverTls = certificates.Server.LoadCredentials();
        using RaftTlsCredentials clientTls = certificates.Client.LoadCredentials();
        await using TestServer server = await TestServer.StartAsync(serverTls);
        using RaftClientCore client = TestServer.CreateClient(clientTls);

        for (int i = 0; i < 10; i++)
        {
            await client.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing((ulong)i), CancellationToken.None);
        }

        Assert.Single(server.Service.ConnectionIds);
    }

    [Fact]
    public async Task ClientRejectsAServerFromAnotherCa()
    {
        using RaftTlsCredentials serverTls = certificates.OtherCaNode.LoadCredentials();
        using RaftTlsCredentials clientTls = certificates.Client.LoadCredentials();
        await using TestServer server = await TestServer.StartAsync(serverTls);
        using RaftClientCore client = TestServer.CreateClient(clientTls);

        RaftConnectionException error = await Assert.ThrowsAsync<RaftConnectionException>(() =>
            client.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None));

        Assert.Equal(RaftConnectionFailure.TlsHandshake, error.Failure);
        Assert.Empty(server.Service.ConnectionIds);
    }

    [Fact]
    public async Task ClientRejectsASelfSignedServer()
    {
        using RaftTlsCredentials serverTls = certificates.SelfSignedNode.LoadCredentials();
        using RaftTlsCredentials clientTls = certificates.Client.LoadCredentials();
        await using TestServer server = await TestServer.StartAsync(serverTls);
        using RaftClientCore client = TestServer.CreateClient(clientTls);

        RaftConnectionException error = await Assert.ThrowsAsync<RaftConnectionException>(() =>
            client.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None));

        Assert.Equal(RaftConnectionFailure.TlsHandshake, error.Failure);
        Assert.Contains("TLS handshake failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerRejectsAClientFromAnotherCa()
    {
        using RaftTlsCredentials serverTls = certificates.Server.LoadCredentials();
        using RaftTlsCredentials clientTls = certificates.OtherCaNode.LoadCredentials();
        await using TestServer server = await TestServer.StartAsync(serverTls);
        using RaftClientCore client = TestServer.CreateClient(clientTls);

        RaftConnectionException error = await Assert.ThrowsAsync<RaftConnectionException>(() =>
            client.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None));

        Assert.Equal(RaftConnectionFailure.TlsHandshake, error.Failure);
        Assert.Empty(server.Service.ConnectionIds);
    }

    [Fact]
    public async Task ServerRejectsASelfSignedClient()
    {
        using RaftTlsCredentials serverTls = certificates.Server.LoadCredentials();
        using RaftTlsCredentials clientTls = certificates.SelfSignedNode.LoadCredentials();
        await using TestServer server = await TestServer.StartAsync(serverTls);
        using RaftClientCore client = TestServer.CreateClient(clientTls);

        RaftConnectionException error = await Assert.ThrowsAsync<RaftConnectionException>(() =>
            client.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None));

        Assert.Equal(RaftConnectionFailure.TlsHandshake, error.Failure);
        Assert.Empty(server.Service.ConnectionIds);
    }

    [Fact]
    public async Task ServerRejectsAClientWithoutCertificate()
    {
        using RaftTlsCredentials serverTls = certificates.Server.LoadCredentials();
        await using TestServer server = await TestServer.StartAsync(serverTls);
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        using var http = new HttpClient(handler);
        var content = new ByteArrayContent(TestServer.Serialize(TestServer.NewPing(1)));
        content.Headers.TryAddWithoutValidation("Content-Type", TestServer.ContentType);

        using HttpResponseMessage response = await http.PostAsync($"https://{server.Address}/test/ping", content);

        // The refusal is an answer with its reason (see ServerTlsHandshake), never a call of the route.
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("client-certificate", Assert.Single(response.Headers.GetValues("RaftSdk-Refusal")));
        Assert.Equal("TLS client certificate refused: no certificate was presented\n", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.ConnectionClose);
        Assert.Empty(server.Service.ConnectionIds);
    }

    [Fact]
    public async Task PlainClientAgainstTlsServerFails()
    {
        using RaftTlsCredentials serverTls = certificates.Server.LoadCredentials();
        await using TestServer server = await TestServer.StartAsync(serverTls);
        using RaftClientCore client = TestServer.CreateClient();

        await Assert.ThrowsAnyAsync<RaftTransportException>(() =>
            client.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None));
    }
}
