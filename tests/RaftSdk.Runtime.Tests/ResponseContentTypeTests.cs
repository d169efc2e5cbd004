using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using RaftSdk.Hosting;
using RaftSdk.Runtime.Tests.Protos;
using RaftSdk.Server;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>A 200 whose Content-Type is not the contract's is a protocol error, unless the option turns the check off (issue 13, finding 6).</summary>
public sealed class ResponseContentTypeTests
{
    private static readonly RaftClientRoute Mislabelled = new("GET", "/mislabelled");
    private static readonly RaftClientRoute Parameterised = new("GET", "/parameterised");

    [Fact]
    public async Task A_200_with_another_content_type_is_a_protocol_error()
    {
        await using RaftListener listener = await StartAsync();
        using RaftClientCore client = TestServer.CreateClient();
        string address = "127.0.0.1:" + listener.Port;

        RaftProtocolException error = await Assert.ThrowsAsync<RaftProtocolException>(() =>
            client.SendAsync(address, Mislabelled, null, PongPb.Parser, null, CancellationToken.None));

        Assert.Equal(
            $"The answer of {address} to /mislabelled has Content-Type 'text/html', not 'application/changeagent+protobuf': it is not a body of this protocol (RaftClientOptions.CheckResponseContentType turns this check off).",
            error.Message);
    }

    [Fact]
    public async Task Parameters_and_case_of_the_media_type_are_accepted()
    {
        await using RaftListener listener = await StartAsync();
        using RaftClientCore client = TestServer.CreateClient();

        PongPb pong = await client.SendAsync("127.0.0.1:" + listener.Port, Parameterised, null, PongPb.Parser, null, CancellationToken.None);

        Assert.Equal(5UL, pong.Id);
    }

    [Fact]
    public async Task The_check_can_be_turned_off()
    {
        await using RaftListener listener = await StartAsync();
        using var client = new RaftClientCore(new RaftClientOptions { ContentType = TestServer.ContentType, CheckResponseContentType = false });

        PongPb pong = await client.SendAsync("127.0.0.1:" + listener.Port, Mislabelled, null, PongPb.Parser, null, CancellationToken.None);

        Assert.Equal(5UL, pong.Id);
    }

    private static Task<RaftListener> StartAsync()
    {
        RaftRoute<TestService>[] routes =
        [
            new("GET", "/mislabelled", (context, _, _) => Answer(context, "text/html")),
            new("GET", "/parameterised", (context, _, _) => Answer(context, "Application/ChangeAgent+Protobuf; charset=binary")),
        ];
        var endpoint = new RaftEndpoint<TestService>(routes, new RaftServerOptions { ContentType = TestServer.ContentType }, () => new TestService());
        return RaftListener.StartAsync(endpoint.HandleAsync, new RaftListenerOptions { BindAddress = IPAddress.Loopback });
    }

    private static Task Answer(HttpContext context, string contentType)
    {
        byte[] body = new PongPb { Id = 5 }.ToByteArray();
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, 0, body.Length);
    }
}
