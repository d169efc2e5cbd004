using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Mapping;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Runtime.Tests.Protos;
using RaftSdk.Server;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>The status matrix of the server, seen by a raw HTTP client and by RaftClientCore.</summary>
public sealed class ServerStatusTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false });

    private TestServer _server = null!;
    private RaftClientCore _client = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _client = TestServer.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private Uri Url(string path) => new($"http://{_server.Address}{path}");

    private static HttpContent Body(byte[] bytes, string? contentType = TestServer.ContentType)
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }

    private async Task<(HttpStatusCode Status, string Text, HttpResponseMessage Response)> SendRawAsync(HttpMethod method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, Url(path)) { Content = content };
        HttpResponseMessage response = await Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text, response);
    }

    [Fact]
    public async Task WrongMethodIs405WithAllowHeader()
    {
        (HttpStatusCode status, _, HttpResponseMessage response) = await SendRawAsync(HttpMethod.Get, "/test/ping", null);
        using (response)
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
            Assert.Equal("POST", string.Join(",", response.Content.Headers.Allow));
        }

        (status, _, response) = await SendRawAsync(HttpMethod.Post, "/test/id", Body([]));
        using (response)
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
            Assert.Equal("GET", string.Join(",", response.Content.Headers.Allow));
        }
    }

    [Fact]
    public async Task ClientMapsWrongMethodToStatusException()
    {
        var wrong = new RaftMethod<RaftNoBody, Pong>("GET", "/test/ping", Pong.ReadProto);

        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() =>
            _client.SendAsync(_server.Address, wrong, default, CancellationToken.None));

        Assert.Equal(405, error.StatusCode);
        Assert.Equal("/test/ping", error.Path);
        Assert.Equal(_server.Address, error.Address);
        Assert.StartsWith($"HTTP status 405 Method Not Allowed from GET /test/ping on {_server.Address}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPathIs404()
    {
        var unknown = new RaftMethod<Ping, Pong>("POST", "/raft/nothing", Pong.ReadProto);

        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() =>
            _client.SendAsync(_server.Address, unknown, TestServer.NewPing(1), CancellationToken.None));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("/raft/nothing", error.Path);
        Assert.Equal("404 page not found", error.RemoteError);
    }

    [Theory]
    [InlineData("application/changeagent+protobuf; charset=utf-8")]
    [InlineData("application/protobuf")]
    [InlineData("Application/Changeagent+Protobuf")]
    [InlineData(null)]
    public async Task ContentTypeMustMatchExactly(string? contentType)
    {
        (HttpStatusCode status, string text, HttpResponseMessage response) =
            await SendRawAsync(HttpMethod.Post, "/test/ping", Body(TestServer.Serialize(TestServer.NewPing(1)), contentType));
        response.Dispose();

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Contains(TestServer.ContentType, text, StringComparison.Ordinal);
        Assert.Empty(_server.Service.ConnectionIds);
    }

    [Fact]
    public async Task ClientSeesUnsupportedMediaTypeWithGoLikeMessage()
    {
        using var client = new RaftClientCore(new RaftClientOptions { ContentType = "application/changeagent+protobuf; charset=utf-8" });

        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() =>
            client.SendAsync(_server.Address, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None));

        Assert.Equal(415, error.StatusCode);
        Assert.StartsWith($"HTTP status 415 Unsupported Media Type from POST /test/ping on {_server.Address}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BodyOverTheLimitByContentLengthIs413()
    {
        byte[] big = new byte[TestServer.MaxRequestBodySize + 1];

        (HttpStatusCode status, string text, HttpResponseMessage response) = await SendRawAsync(HttpMethod.Post, "/test/ping", Body(big));
        response.Dispose();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("1024", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChunkedBodyOverTheLimitIs413()
    {
        // Over a raw connection: the server answers 413 once the limit is passed and may close
        // before the rest of the body is out, which makes HttpClient fail its write (broken pipe)
        // before it reads the answer. Here the rest is written as far as the server takes it, and
        // the answer is read whatever happened to the write.
        using var raw = new TcpClient();
        await raw.ConnectAsync(IPAddress.Loopback, _server.Listener.Port);
        NetworkStream stream = raw.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /test/ping HTTP/1.1\r\nHost: x\r\nContent-Type: {TestServer.ContentType}\r\nTransfer-Encoding: chunked\r\n\r\n"));
        byte[] chunk = Encoding.ASCII.GetBytes("64\r\n" + new string('\0', 100) + "\r\n");
        try
        {
            for (long sent = 0; sent < (TestServer.MaxRequestBodySize * 3) + 17; sent += 100)
            {
                await stream.WriteAsync(chunk);
            }

            await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        }
        catch (IOException)
        {
        }

        string answer = await ReadAnswerAsync(stream);

        Assert.StartsWith("HTTP/1.1 413 ", answer, StringComparison.Ordinal);
        Assert.Contains("1024", answer[answer.IndexOf("\r\n\r\n", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    // One HTTP/1.1 answer with a Content-Length body, as text.
    private static async Task<string> ReadAnswerAsync(NetworkStream stream)
    {
        var text = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (true)
        {
            string sofar = text.ToString();
            int end = sofar.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                string length = sofar[..end].Split("\r\n").Single(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))["Content-Length:".Length..].Trim();
                if (sofar.Length - end - 4 >= int.Parse(length, System.Globalization.CultureInfo.InvariantCulture))
                {
                    return sofar;
                }
            }

            int read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(read > 0, $"the connection closed after {text.Length} bytes of the answer: {sofar}");
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }

    [Fact]
    public async Task ChunkedBodyWithinTheLimitIsAccepted()
    {
        var content = new ChunkedContent(TestServer.Serialize(TestServer.NewPing(42, new string('x', 300))), chunkSize: 7);
        content.Headers.TryAddWithoutValidation("Content-Type", TestServer.ContentType);

        (HttpStatusCode status, _, HttpResponseMessage response) = await SendRawAsync(HttpMethod.Post, "/test/ping", content);
        response.Dispose();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(Assert.Single(_server.Service.Requests).ContentLength);
    }

    [Fact]
    public async Task BodyExactlyAtTheLimitIsAccepted()
    {
        Ping ping = TestServer.NewPing(1, "");
        ping = ping with { Text = new string('a', (int)TestServer.MaxRequestBodySize - ping.ToProto().CalculateSize() - 1) };
        Assert.Equal(TestServer.MaxRequestBodySize, ping.ToProto().CalculateSize());

        Pong pong = await _client.SendAsync(_server.Address, TestServer.Ping, ping, CancellationToken.None);

        Assert.Equal(ping.Text, pong.Text);
    }

    [Fact]
    public async Task GarbageBodyIs400NamingTheMessage()
    {
        (HttpStatusCode status, string text, HttpResponseMessage response) =
            await SendRawAsync(HttpMethod.Post, "/test/ping", Body([0x0A, 0xFF, 0xFF, 0xFF, 0xFF]));
        response.Dispose();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("Invalid PingPb", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BodyMissingARequiredFieldIs400()
    {
        var noId = new PongWithoutIdPb { Text = "no id" }; // field 2 is PingPb.text too

        (HttpStatusCode status, string text, HttpResponseMessage response) =
            await SendRawAsync(HttpMethod.Post, "/test/ping", Body(TestServer.Serialize(noId)));
        response.Dispose();
        (HttpStatusCode emptyStatus, string emptyText, HttpResponseMessage emptyResponse) =
            await SendRawAsync(HttpMethod.Post, "/test/ping", Body([]));
        emptyResponse.Dispose();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("PingPb", text, StringComparison.Ordinal);
        Assert.Contains("required field is missing", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, emptyStatus);
        Assert.Contains("required field is missing", emptyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientSeesBadRequestForAnIncompleteRequest()
    {
        // A record cannot leave out a required field; a descriptor whose request is another message can.
        var withoutId = new RaftMethod<PongWithoutId, Pong>("POST", "/test/ping", Pong.ReadProto);

        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() =>
            _client.SendAsync(_server.Address, withoutId, new PongWithoutId { Text = "no id" }, CancellationToken.None));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("required field is missing", error.RemoteError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceNotSetIs503()
    {
        await using TestServer unset = await TestServer.StartAsync(serviceSet: false);

        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() =>
            _client.SendAsync(unset.Address, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal("The service is not ready: no implementation is set yet", error.RemoteError);
        Assert.EndsWith(": The service is not ready: no implementation is set yet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceNotSetAnswersTheTextOfTheOptions()
    {
        await using TestServer unset = await TestServer.StartAsync(serviceSet: false, serviceNotSetMessage: "store not opened yet");

        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() =>
            _client.SendAsync(unset.Address, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None));

        Assert.Equal((503, "store not opened yet"), (error.StatusCode, error.RemoteError));
    }

    [Fact]
    public async Task ServiceErrorTravelsWithTheGivenStatusAndRemoteError()
    {
        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() =>
            _client.SendAsync(_server.Address, TestServer.Fail, TestServer.NewPing(1, "term too old"), CancellationToken.None));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("/test/fail", error.Path);
        Assert.Equal("refused: term too old", error.RemoteError);
        Assert.Equal($"HTTP status 400 Bad Request from POST /test/fail on {_server.Address}: refused: term too old", error.Message);
        Assert.Contains(_server.Service.ObservedErrors, e => e.Message == "refused: term too old");
    }

    [Fact]
    public async Task WithoutRemoteErrorCallbackTheProtobufBodyIsIgnored()
    {
        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() =>
            _client.SendAsync(_server.Address, TestServer.FailWithoutRemoteError, TestServer.NewPing(1, "x"), CancellationToken.None));

        Assert.Equal(400, error.StatusCode);
        Assert.Null(error.RemoteError);
    }

    [Fact]
    public async Task ServiceErrorWithoutBodyIsEmpty500()
    {
        (HttpStatusCode status, string text, HttpResponseMessage response) =
            await SendRawAsync(HttpMethod.Post, "/test/fail-empty", Body(TestServer.Serialize(TestServer.NewPing(1))));
        response.Dispose();
        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() =>
            _client.SendAsync(_server.Address, TestServer.FailEmpty, TestServer.NewPing(1), CancellationToken.None));

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal(string.Empty, text);
        Assert.Equal(500, error.StatusCode);
        Assert.Null(error.RemoteError);
    }

    [Fact]
    public async Task HandlerThatThrowsGives500AndTheServerKeepsServing()
    {
        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() =>
            _client.SendAsync(_server.Address, TestServer.FailEmpty, TestServer.NewPing(1), CancellationToken.None));
        Pong after = await _client.SendAsync(_server.Address, TestServer.Ping, TestServer.NewPing(2), CancellationToken.None);

        Assert.Equal(500, error.StatusCode);
        Assert.Contains(_server.Service.ObservedErrors, e => e.Message == "append failed");
        Assert.Equal(2UL, after.Id);
    }

    [Fact]
    public async Task TextPlainErrorBodyBecomesRemoteError()
    {
        await using RaftSdk.Hosting.RaftListener peer = await ForeignPeer.StartAsync(
            context => ForeignPeer.AnswerAsync(context, 409, "text/plain; charset=utf-8", System.Text.Encoding.UTF8.GetBytes("conflicting term\n")));

        RaftStatusException error = await Assert.ThrowsAsync<RaftStatusException>(() =>
            _client.SendAsync("127.0.0.1:" + peer.Port, TestServer.Id, default, CancellationToken.None));

        Assert.Equal(409, error.StatusCode);
        Assert.Equal("conflicting term", error.RemoteError);
    }

    /// <summary>A body without a known length, so HttpClient sends it chunked.</summary>
    private sealed class ChunkedContent(byte[] data, int chunkSize) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (int offset = 0; offset < data.Length; offset += chunkSize)
            {
                await stream.WriteAsync(data.AsMemory(offset, Math.Min(chunkSize, data.Length - offset)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
