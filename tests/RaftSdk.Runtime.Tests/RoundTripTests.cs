using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Google.Protobuf;
using RaftSdk.Mapping;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Runtime.Tests.Protos;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

public sealed class RoundTripTests
{
    [Fact]
    public async Task PostRoundTripCarriesEveryField()
    {
        await using TestServer server = await TestServer.StartAsync();
        using RaftClientCore client = TestServer.CreateClient();
        Ping ping = TestServer.NewPing(ulong.MaxValue - 7, "héllo") with { Blobs = [[1, 2, 3], new byte[200]] };

        Pong pong = await client.SendAsync(server.Address, TestServer.Ping, ping, CancellationToken.None);

        Assert.Equal(ulong.MaxValue - 7, pong.Id);
        Assert.Equal("héllo", pong.Text);
        Assert.Equal(203, pong.BlobBytes);
        Assert.Equal(new[] { "pong" }, pong.Tags.ToArray());
        Assert.Equal("http", client.Scheme);
    }

    [Fact]
    public async Task RequestHasExactContentTypeAndContentLength()
    {
        await using TestServer server = await TestServer.StartAsync();
        using RaftClientCore client = TestServer.CreateClient();
        Ping ping = TestServer.NewPing(5, "abc");

        await client.SendAsync(server.Address, TestServer.Ping, ping, CancellationToken.None);

        (string? contentType, long? contentLength) = Assert.Single(server.Service.Requests);
        Assert.Equal(TestServer.ContentType, contentType);
        Assert.Equal(ping.ToProto().CalculateSize(), contentLength);
    }

    [Fact]
    public async Task ZeroValuedRequiredFieldStillTravels()
    {
        await using TestServer server = await TestServer.StartAsync();
        using RaftClientCore client = TestServer.CreateClient();

        Pong pong = await client.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing(0), CancellationToken.None);

        Assert.Equal(0UL, pong.Id);
        Assert.Null(pong.Text);
    }

    [Fact]
    public async Task GetRouteSendsNoBody()
    {
        await using TestServer server = await TestServer.StartAsync();
        using RaftClientCore client = TestServer.CreateClient();

        Pong pong = await client.SendAsync(server.Address, TestServer.Id, default, CancellationToken.None);

        Assert.Equal(1UL, pong.Id);
    }

    [Fact]
    public void GetDescriptorRejectsARequestType()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new RaftMethod<Ping, Pong>("GET", "/test/id", Pong.ReadProto));

        Assert.StartsWith("GET /test/id sends no body; its request type must be RaftNoBody.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponseIsServedWithContentTypeAndLength()
    {
        await using TestServer server = await TestServer.StartAsync();
        using var http = new HttpClient();
        var content = new ByteArrayContent(TestServer.Serialize(TestServer.NewPing(9, "x")));
        content.Headers.TryAddWithoutValidation("Content-Type", TestServer.ContentType);

        using HttpResponseMessage response = await http.PostAsync($"http://{server.Address}/test/ping", content);
        byte[] body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(TestServer.ContentType, string.Join(",", response.Content.Headers.GetValues("Content-Type")));
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal(9UL, PongPb.Parser.ParseFrom(body).Id);
    }

    [Fact]
    public async Task UnknownFieldsAreTolerated()
    {
        await using TestServer server = await TestServer.StartAsync();
        using var http = new HttpClient();
        byte[] known = TestServer.Serialize(TestServer.NewPing(77));
        byte[] unknown = [0xF8, 0x06, 0x2A]; // field 111, varint 42
        var content = new ByteArrayContent([.. known, .. unknown]);
        content.Headers.TryAddWithoutValidation("Content-Type", TestServer.ContentType);

        using HttpResponseMessage response = await http.PostAsync($"http://{server.Address}/test/ping", content);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(77UL, PongPb.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).Id);
    }

    [Fact]
    public async Task SixteenConcurrentCallersShareOneClientAndReuseConnections()
    {
        const int Callers = 16;
        const int CallsEach = 100;
        await using TestServer server = await TestServer.StartAsync();
        using RaftClientCore client = TestServer.CreateClient();

        Task<int>[] callers = Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            int ok = 0;
            for (int i = 0; i < CallsEach; i++)
            {
                ulong id = (ulong)((caller * CallsEach) + i);
                Pong pong = await client.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing(id, caller.ToString(System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None);
                if (pong.Id == id && pong.Text == caller.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    ok++;
                }
            }

            return ok;
        })).ToArray();
        int[] results = await Task.WhenAll(callers);

        Assert.All(results, ok => Assert.Equal(CallsEach, ok));
        // One connection per caller is typical; the pool may open a spare one when a request
        // arrives while a finished connection is on its way back, so allow some slack. Without
        // reuse there would be one connection per call.
        int connections = server.Service.ConnectionIds.Count;
        Assert.InRange(connections, 1, 2 * Callers);
    }

    [Fact]
    public async Task SameAddressAndRouteReuseOneConnectionWhenSequential()
    {
        await using TestServer server = await TestServer.StartAsync();
        using RaftClientCore client = TestServer.CreateClient();

        for (int i = 0; i < 20; i++)
        {
            await client.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing((ulong)i), CancellationToken.None);
        }

        Assert.Single(server.Service.ConnectionIds);
    }

    [Fact]
    public async Task InvalidAddressIsAnArgumentError()
    {
        using RaftClientCore client = TestServer.CreateClient();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            client.SendAsync("127.0.0.1:1/evil", TestServer.Ping, TestServer.NewPing(1), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            client.SendAsync("", TestServer.Ping, TestServer.NewPing(1), CancellationToken.None));
    }

    [Fact]
    public async Task DisposedClientThrowsObjectDisposed()
    {
        RaftClientCore client = TestServer.CreateClient();
        client.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() =>
            client.SendAsync("127.0.0.1:1", TestServer.Ping, TestServer.NewPing(1), CancellationToken.None));
    }
}
