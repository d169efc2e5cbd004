using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using RaftSdk.Hosting;
using RaftSdk.Mapping;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Runtime.Tests.Protos;
using RaftSdk.Server;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>A 200 whose Content-Type is not the contract's is a protocol error, unless the option turns the check off (issue 13, finding 6).</summary>
public sealed class ResponseContentTypeTests
{
    private static readonly RaftMethod<RaftNoBody, Pong> Mislabelled = new("GET", "/mislabelled", Pong.ReadProto);
    private static readonly RaftMethod<RaftNoBody, Pong> Parameterised = new("GET", "/parameterised", Pong.ReadProto);

    [Fact]
    public async Task A_200_with_another_content_type_is_a_protocol_error()
    {
        await using RaftListener listener = await StartAsync();
        using RaftClientCore client = TestServer.CreateClient();
        string address = "127.0.0.1:" + listener.Port;

        RaftProtocolException error = await Assert.ThrowsAsync<RaftProtocolException>(() =>
            client.SendAsync(address, Mislabelled, default, CancellationToken.None));

        Assert.Equal(
            $"The answer of {address} to /mislabelled has Content-Type 'text/html', not 'application/changeagent+protobuf': it is not a body of this protocol (RaftClientOptions.CheckResponseContentType turns this check off).",
            error.Message);
    }

    [Fact]
    public async Task Parameters_and_case_of_the_media_type_are_accepted()
    {
        await using RaftListener listener = await StartAsync();
        using RaftClientCore client = TestServer.CreateClient();

        Pong pong = await client.SendAsync("127.0.0.1:" + listener.Port, Parameterised, default, CancellationToken.None);

        Assert.Equal(5UL, pong.Id);
    }

    [Fact]
    public async Task The_check_can_be_turned_off()
    {
        await using RaftListener listener = await StartAsync();
        using var client = new RaftClientCore(new RaftClientOptions { ContentType = TestServer.ContentType, CheckResponseContentType = false });

        Pong pong = await client.SendAsync("127.0.0.1:" + listener.Port, Mislabelled, default, CancellationToken.None);

        Assert.Equal(5UL, pong.Id);
    }

    // A peer that labels its protobuf answers with other content types.
    private static Task<RaftListener> StartAsync() => ForeignPeer.StartAsync(context => ForeignPeer.AnswerAsync(
        context,
        200,
        context.Request.Path == "/mislabelled" ? "text/html" : "Application/ChangeAgent+Protobuf; charset=binary",
        new PongPb { Id = 5 }.ToByteArray()));
}
