using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Hosting;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Server;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>A request over the server's size limit is reported as the server's 413, not as the reset that follows it (issue 18, point 5).</summary>
public sealed class LargeRequestTests
{
    [Fact]
    public async Task A_request_over_the_default_32_MiB_limit_is_reported_as_413()
    {
        // The defaults of a node: 32 MiB per request, Kestrel's backstop at the same size.
        var options = new RaftServerOptions { ContentType = TestServer.ContentType };
        var endpoint = new RaftEndpoint<ITestContract>(TestServer.Routes, options, () => new TestService());
        await using RaftListener listener = await RaftListener.StartAsync(endpoint.HandleAsync, new RaftListenerOptions { BindAddress = IPAddress.Loopback });
        string address = "127.0.0.1:" + listener.Port;
        using RaftClientCore client = TestServer.CreateClient(timeout: TimeSpan.FromSeconds(60));

        // Far more than the socket buffers hold: without the server's early answer the client is still writing when it closes.
        Ping large = TestServer.NewPing(1) with { Blobs = [new byte[40 * 1024 * 1024]] };
        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() =>
            client.SendAsync(address, TestServer.Ping, large, CancellationToken.None));
        Pong after = await client.SendAsync(address, TestServer.Ping, TestServer.NewPing(2), CancellationToken.None);

        Assert.Equal(413, error.StatusCode);
        Assert.Equal($"Request body larger than the limit of {RaftServerOptions.DefaultMaxRequestBodySize} bytes", error.RemoteError);
        Assert.Equal(2UL, after.Id);
    }
}
