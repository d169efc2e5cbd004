using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Hosting;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Server;
using RaftSdk.Tls;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>A request over the server's size limit is reported as the server's 413, not as the reset that follows it (issue 18, point 5; issue 22, point 1 for the pipeline).</summary>
public sealed class LargeRequestTests(TlsFixture certificates) : IClassFixture<TlsFixture>
{
    private static readonly string TooLargeText = $"Request body larger than the limit of {RaftServerOptions.DefaultMaxRequestBodySize} bytes";

    [Fact]
    public async Task A_request_over_the_default_32_MiB_limit_is_reported_as_413()
    {
        await using RaftListener listener = await StartDefaultNodeAsync();
        string address = "127.0.0.1:" + listener.Port;
        using RaftClientCore client = TestServer.CreateClient(timeout: TimeSpan.FromSeconds(60));

        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() =>
            client.SendAsync(address, TestServer.Ping, LargePing(), CancellationToken.None));
        Pong after = await client.SendAsync(address, TestServer.Ping, TestServer.NewPing(2), CancellationToken.None);

        Assert.Equal(413, error.StatusCode);
        Assert.Equal(TooLargeText, error.RemoteError);
        Assert.Equal(2UL, after.Id);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_pipelined_request_over_the_limit_is_reported_as_413_and_the_calls_behind_it_as_the_closed_connection(bool tls)
    {
        using RaftTlsCredentials? serverTls = tls ? certificates.Server.LoadCredentials() : null;
        using RaftTlsCredentials? clientTls = tls ? certificates.Client.LoadCredentials() : null;
        await using RaftListener listener = await StartDefaultNodeAsync(serverTls);
        string address = "127.0.0.1:" + listener.Port;
        using RaftClientCore client = TestServer.CreateClient(clientTls, timeout: TimeSpan.FromSeconds(60));
        await using RaftPipeline pipeline = await client.OpenPipelineAsync(address, depth: 4);

        Task<Pong> before = pipeline.SendAsync(TestServer.Ping, TestServer.NewPing(1));
        Task<Pong> large = pipeline.SendAsync(TestServer.Ping, LargePing());
        Task<Pong> after = pipeline.SendAsync(TestServer.Ping, TestServer.NewPing(3));

        Assert.Equal(1UL, (await before.WaitAsync(TimeSpan.FromSeconds(60))).Id);
        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() => large.WaitAsync(TimeSpan.FromSeconds(60)));
        RaftConnectionException behind = await Assert.ThrowsAsync<RaftConnectionException>(() => after.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(413, error.StatusCode);
        Assert.Equal(TooLargeText, error.RemoteError);
        Assert.Equal(address, behind.Address);
        Assert.True(pipeline.IsBroken);

        // A new pipeline to the same node works: the node is fine, only that connection ended.
        await using RaftPipeline next = await client.OpenPipelineAsync(address, depth: 4);
        Assert.Equal(4UL, (await next.SendAsync(TestServer.Ping, TestServer.NewPing(4))).Id);
    }

    // The defaults of a node: 32 MiB per request, Kestrel's backstop at the same size.
    private static async Task<RaftListener> StartDefaultNodeAsync(RaftTlsCredentials? tls = null)
    {
        var options = new RaftServerOptions { ContentType = TestServer.ContentType };
        var endpoint = new RaftEndpoint<ITestContract>(TestServer.Routes, options, () => new TestService());
        return await RaftListener.StartAsync(endpoint.HandleAsync, new RaftListenerOptions { BindAddress = IPAddress.Loopback, Tls = tls });
    }

    // Far more than the socket buffers hold: without the server's early answer the client is still writing when it closes.
    private static Ping LargePing() => TestServer.NewPing(2) with { Blobs = [new byte[40 * 1024 * 1024]] };
}
