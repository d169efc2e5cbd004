using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Google.Protobuf;
using RaftSdk.Hosting.Tests.Contract;
using RaftSdk.Hosting.Tests.Contract.Protos;
using RaftSdk.Hosting.Tests.Infrastructure;
using RaftSdk.Server;
using Xunit;

namespace RaftSdk.Hosting.Tests;

/// <summary>
/// The per-request field limit counts decoded fields, groups included, and its refusal names the
/// limit applied (issue 18, point 6). A generated route reads the body with the direct codec.
/// </summary>
public sealed class FieldLimitTests
{
    // Field 15 as an empty group: start tag 15/3 (0x7B), end tag 15/4 (0x7C). Unknown to
    // HelloRequest, so skipped, as Google.Protobuf skips it.
    private static readonly byte[] EmptyGroup = [0x7B, 0x7C];

    [Fact]
    public async Task A_small_valid_body_with_groups_is_served()
    {
        // Name and Times, then eight empty groups: 23 bytes, 10 fields (each group one).
        byte[] body = Hello().Concat(Enumerable.Repeat(EmptyGroup, 8).SelectMany(g => g)).ToArray();
        Assert.Equal("you", HelloRequestPb.Parser.ParseFrom(body).Name); // Google.Protobuf accepts it

        (HttpStatusCode status, byte[] answer) = await PostAsync(body, RaftServerOptions.DefaultMaxDecodedFields);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("hello, you", HelloReplyPb.Parser.ParseFrom(answer).Text);
    }

    [Theory]
    [InlineData(6, HttpStatusCode.OK)]
    [InlineData(5, HttpStatusCode.RequestEntityTooLarge)]
    public async Task The_limit_counts_each_group_once_and_the_refusal_names_the_limit_applied(long limit, HttpStatusCode expected)
    {
        // Name, Times and four groups: six fields.
        byte[] body = Hello().Concat(Enumerable.Repeat(EmptyGroup, 4).SelectMany(g => g)).ToArray();

        (HttpStatusCode status, byte[] answer) = await PostAsync(body, limit);

        Assert.Equal(expected, status);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal("hello, you", HelloReplyPb.Parser.ParseFrom(answer).Text);
        }
        else
        {
            Assert.Equal("Request HelloRequestPb decodes to more than the limit of 5 fields\n", System.Text.Encoding.UTF8.GetString(answer));
        }
    }

    private static byte[] Hello() => new HelloRequestPb { Name = "you", Times = 1 }.ToByteArray();

    private static async Task<(HttpStatusCode Status, byte[] Answer)> PostAsync(byte[] body, long maxDecodedFields)
    {
        var greeter = new Greeter();
        var endpoint = new RaftEndpoint<IGreeter>(
            GreeterDispatcher.Routes,
            new RaftServerOptions { ContentType = GreeterDispatcher.ContentType, MaxDecodedFields = maxDecodedFields },
            () => greeter);
        await using RaftListener listener = await RaftListener.StartAsync(endpoint.HandleAsync, new RaftListenerOptions { BindAddress = IPAddress.Loopback });
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", GreeterDispatcher.ContentType);
        using HttpResponseMessage response = await TestHosts.Http.PostAsync($"http://127.0.0.1:{listener.Port}/greeter/v1/hello", content);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }
}
