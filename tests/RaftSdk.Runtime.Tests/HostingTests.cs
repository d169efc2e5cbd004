using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RaftSdk.Hosting;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Runtime.Tests.Protos;
using RaftSdk.Server;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

public sealed class HostingTests
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false });

    [Fact]
    public async Task PortZeroReportsTheRealPortAndDisposeStopsListening()
    {
        RaftListener listener = await RaftListener.StartAsync(
            context => context.Response.WriteAsync("hello"),
            new RaftListenerOptions { BindAddress = IPAddress.Loopback });
        int port = listener.Port;

        string text = await Http.GetStringAsync($"http://127.0.0.1:{port}/anything");
        await listener.DisposeAsync();
        await listener.DisposeAsync(); // a second dispose is a no-op

        Assert.InRange(port, 1, 65535);
        Assert.Equal("hello", text);
        using RaftClientCore client = TestServer.CreateClient();
        await Assert.ThrowsAsync<RaftConnectionException>(() =>
            client.SendAsync("127.0.0.1:" + port, TestServer.Id, default, CancellationToken.None));
    }

    [Fact]
    public async Task BusyPortFailsToStart()
    {
        await using RaftListener first = await RaftListener.StartAsync(_ => Task.CompletedTask, new RaftListenerOptions { BindAddress = IPAddress.Loopback });

        await Assert.ThrowsAnyAsync<System.IO.IOException>(() =>
            RaftListener.StartAsync(_ => Task.CompletedTask, new RaftListenerOptions { BindAddress = IPAddress.Loopback, Port = first.Port }));
    }

    [Fact]
    public async Task ListenerSpeaksHttp11AndSendsNoServerHeader()
    {
        await using RaftListener listener = await RaftListener.StartAsync(
            context => context.Response.WriteAsync(context.Request.Protocol),
            new RaftListenerOptions { BindAddress = IPAddress.Loopback });

        using HttpResponseMessage response = await Http.GetAsync($"http://127.0.0.1:{listener.Port}/");

        Assert.Equal("HTTP/1.1", await response.Content.ReadAsStringAsync());
        Assert.Empty(response.Headers.Server);
    }

    [Fact]
    public async Task RouteLimitRulesOverTheListenerLimit()
    {
        var options = new RaftServerOptions { ContentType = TestServer.ContentType, MaxRequestBodySize = 4096 };
        var endpoint = new RaftEndpoint<ITestContract>(TestServer.Routes, options, () => new TestService());
        await using RaftListener listener = await RaftListener.StartAsync(
            endpoint.HandleAsync,
            new RaftListenerOptions { BindAddress = IPAddress.Loopback, MaxRequestBodySize = 100 });
        using RaftClientCore client = TestServer.CreateClient();

        Pong pong = await client.SendAsync("127.0.0.1:" + listener.Port, TestServer.Ping, TestServer.NewPing(1, new string('z', 2000)), CancellationToken.None);
        RaftStatusException tooLarge = await Assert.ThrowsAsync<RaftStatusException>(() =>
            client.SendAsync("127.0.0.1:" + listener.Port, TestServer.Ping, TestServer.NewPing(1, new string('z', 5000)), CancellationToken.None));

        Assert.Equal(2000, pong.Text!.Length);
        Assert.Equal(413, tooLarge.StatusCode);
        Assert.Contains("4096", tooLarge.RemoteError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapToServesAllMethodsSoTheEndpointAnswers405()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using WebApplication app = builder.Build();
        var options = new RaftServerOptions { ContentType = TestServer.ContentType };
        var endpoint = new RaftEndpoint<ITestContract>(TestServer.Routes, options, () => new TestService());
        endpoint.MapTo(app);
        app.MapGet("/other", () => "the app's own route");
        await app.StartAsync();
        try
        {
            string address = new Uri(app.Urls.First()).Authority;
            using RaftClientCore client = TestServer.CreateClient();

            Pong pong = await client.SendAsync(address, TestServer.Ping, TestServer.NewPing(21, "mapped"), CancellationToken.None);
            using HttpResponseMessage wrongMethod = await Http.GetAsync($"http://{address}/test/ping");
            string other = await Http.GetStringAsync($"http://{address}/other");

            Assert.Equal(21UL, pong.Id);
            Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
            Assert.Equal("POST", string.Join(",", wrongMethod.Content.Headers.Allow));
            Assert.Equal("the app's own route", other);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public void DuplicateRouteIsRejected()
    {
        RaftRoute<ITestContract>[] routes =
        [
            RaftRoute<ITestContract>.Unary("POST", "/x", static (service, _) => new ValueTask<Pong>(service.Id()), 500),
            RaftRoute<ITestContract>.Unary("POST", "/x", static (service, _) => new ValueTask<Pong>(service.Id()), 500),
        ];

        ArgumentException error = Assert.Throws<ArgumentException>(() =>
            new RaftEndpoint<ITestContract>(routes, new RaftServerOptions { ContentType = "a/b" }, () => null));

        Assert.Contains("POST /x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowListsEveryMethodOfThePath()
    {
        RaftRoute<ITestContract>[] routes =
        [
            RaftRoute<ITestContract>.Unary("GET", "/x", static (service, _) => new ValueTask<Pong>(service.Id()), 500),
            RaftRoute<ITestContract>.Unary("POST", "/x", static (service, _) => new ValueTask<Pong>(service.Id()), 500),
        ];
        var endpoint = new RaftEndpoint<ITestContract>(routes, new RaftServerOptions { ContentType = "a/b" }, () => new TestService());
        var context = new DefaultHttpContext();
        context.Request.Method = "PUT";
        context.Request.Path = "/x";

        await endpoint.HandleAsync(context);

        Assert.Equal(405, context.Response.StatusCode);
        Assert.Equal("GET, POST", context.Response.Headers.Allow.ToString());
    }
}
