using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using Google.Protobuf;
using RaftSdk.ChangeAgent.Protobufs;
using RaftSdk.ChangeAgent.Tests.Infrastructure;
using RaftSdk.Testing;
using Xunit;

namespace RaftSdk.ChangeAgent.Tests;

/// <summary>The status table of the wire protocol, driven by a plain HttpClient as a Go peer would send.</summary>
public sealed class StatusCodeTests : IAsyncLifetime
{
    private const long BodyLimit = 4096;
    private readonly OriginalTestRaft _raft = new();
    private readonly HttpClient _http = new();
    private ICommunication _node = null!;

    public async Task InitializeAsync() => _node = await Nodes.StartAsync(_raft, Nodes.Loopback(BodyLimit));

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _node.DisposeAsync();
    }

    private Uri Url(string path) => new("http://" + _node.Address() + path);

    private static ByteArrayContent Body(byte[] bytes, string contentType = RaftCommunication.ContentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static byte[] ValidVote() => new VoteRequest { Term = 1 }.ToProto().ToByteArray();

    [Theory]
    [InlineData("/raft/requestvote")]
    [InlineData("/raft/append")]
    [InlineData("/raft/propose")]
    [InlineData("/raft/join")]
    public async Task Get_on_a_post_path_is_405(string path)
    {
        using HttpResponseMessage response = await _http.GetAsync(Url(path));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Post_on_the_id_path_is_405()
    {
        using HttpResponseMessage response = await _http.PostAsync(Url("/raft/id"), Body(Array.Empty<byte>()));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Theory]
    [InlineData("application/octet-stream")]
    [InlineData("application/changeagent+protobuf; charset=utf-8")] // compared exactly, as the Go server does
    [InlineData("application/x-protobuf")]
    public async Task Wrong_content_type_is_415(string contentType)
    {
        using HttpResponseMessage response = await _http.PostAsync(Url("/raft/requestvote"), Body(ValidVote(), contentType));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_a_message_is_400()
    {
        using HttpResponseMessage response = await _http.PostAsync(Url("/raft/append"), Body(new byte[] { 0xff, 0xff, 0xff }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_raft.Appends);
    }

    [Fact]
    public async Task A_message_missing_a_required_field_is_400()
    {
        byte[] onlyTerm = new VoteRequestPb { Term = 1 }.ToByteArray(); // candidateId, lastLogIndex, ... absent
        using HttpResponseMessage response = await _http.PostAsync(Url("/raft/requestvote"), Body(onlyTerm));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("required", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_entry_missing_a_required_field_inside_an_append_is_400()
    {
        var request = new AppendRequestPb { Term = 1, LeaderId = 1, PrevLogIndex = 0, PrevLogTerm = 0, LeaderCommit = 0 };
        request.Entries.Add(new EntryPb { Index = 1 }); // required "type" absent
        using HttpResponseMessage response = await _http.PostAsync(Url("/raft/append"), Body(request.ToByteArray()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_raft.Appends);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        AppendRequest big = BenchWorkload.Create(64); // ~10.8 kB against a 4 kB limit
        using HttpResponseMessage response = await _http.PostAsync(Url("/raft/append"), Body(big.ToProto().ToByteArray()));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(_raft.Appends);

        var client = await Assert.ThrowsAsync<RaftStatusException>(() => _node.AppendAsync(_node.Address(), big));
        Assert.Equal(413, client.StatusCode);
    }

    [Fact]
    public async Task RequestVote_error_is_400_append_and_propose_errors_are_500()
    {
        _raft.Failure = new InvalidOperationException("disk full");

        var vote = await Assert.ThrowsAsync<RaftStatusException>(() => _node.RequestVoteAsync(_node.Address(), new VoteRequest { Term = 1 }));
        Assert.Equal(400, vote.StatusCode);
        Assert.Equal("/raft/requestvote", vote.Path);

        var append = await Assert.ThrowsAsync<RaftStatusException>(() => _node.AppendAsync(_node.Address(), new AppendRequest { Term = 1 }));
        Assert.Equal(500, append.StatusCode);

        var propose = await Assert.ThrowsAsync<RaftStatusException>(() => _node.ProposeAsync(_node.Address(), new Entry { Index = 1 }));
        Assert.Equal(500, propose.StatusCode);
        Assert.Equal("disk full", propose.RemoteError); // our improvement; a Go peer only sees the 500
        Assert.Contains("500", propose.Message);
    }

    [Fact]
    public async Task Join_error_is_200_with_the_error_text_in_the_body()
    {
        _raft.Failure = new InvalidOperationException("not leader");
        using HttpResponseMessage raw = await _http.PostAsync(Url("/raft/join"), Body(new JoinRequest { ClusterId = new NodeId(4) }.ToProto().ToByteArray()));
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal(RaftCommunication.ContentType, raw.Content.Headers.ContentType?.ToString());
        byte[] body = await raw.Content.ReadAsByteArrayAsync();
        Assert.Equal(Vectors.GoldenVectors.ProposalResponseNotLeader, Hex.Encode(body)); // the Go bytes for this answer

        ProposalResponse response = await _node.JoinAsync(_node.Address(), new JoinRequest { ClusterId = new NodeId(4) });
        Assert.Equal("not leader", response.Error);
    }

    [Fact]
    public async Task Success_is_200_with_the_content_type_and_the_Go_bytes()
    {
        using HttpResponseMessage response = await _http.PostAsync(Url("/raft/append"), Body(BenchWorkload.Create(1).ToProto().ToByteArray()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(RaftCommunication.ContentType, response.Content.Headers.ContentType?.ToString());
        Assert.Equal(Vectors.GoldenVectors.AppendResponseBench, Hex.Encode(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Unknown_path_is_404()
    {
        using HttpResponseMessage response = await _http.PostAsync(Url("/raft/nothing"), Body(ValidVote()));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Before_SetRaft_the_server_answers_503_and_the_client_throws()
    {
        await using ICommunication unwired = await Nodes.StartAsync(raft: null);

        using HttpResponseMessage response = await _http.PostAsync(new Uri("http://" + unwired.Address() + "/raft/requestvote"), Body(ValidVote()));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Raft not set: SetRaft has not been called on this node\n", await response.Content.ReadAsStringAsync());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => unwired.AppendAsync(_node.Address(), new AppendRequest()));
        Assert.Contains("SetRaft", error.Message);

        // The wired node sees the unwired one's 503 as a typed error.
        var status = await Assert.ThrowsAsync<RaftStatusException>(() => _node.DiscoverAsync(unwired.Address()));
        Assert.Equal(503, status.StatusCode);
        Assert.Equal(RaftCommunication.RaftNotSetMessage, status.RemoteError);
    }

    [Fact]
    public async Task After_Close_calls_throw_ObjectDisposed()
    {
        ICommunication node = await Nodes.StartAsync(new OriginalTestRaft());
        node.Close();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => node.DiscoverAsync(_node.Address()));
    }

    [Fact]
    public async Task The_server_survives_bad_requests()
    {
        for (int i = 0; i < 20; i++)
        {
            using HttpResponseMessage bad = await _http.PostAsync(Url("/raft/append"), Body(new byte[] { (byte)i, 0xff, 0x00, 0x13 }));
            Assert.True(bad.StatusCode is HttpStatusCode.BadRequest);
        }

        Assert.Equal(new NodeId(1), await _node.DiscoverAsync(_node.Address()));
    }
}
