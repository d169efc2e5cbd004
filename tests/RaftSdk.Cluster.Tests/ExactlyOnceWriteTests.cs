using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Samples.Cluster.Scenario;
using Xunit;

namespace RaftSdk.Cluster.Tests;

/// <summary>
/// A write retried with the same client id and sequence number (the launcher's retry after a 503 or
/// a timeout) is applied once and answered with the original index (Raft dissertation, section 6.3),
/// through real node processes: the retry lands on a follower, which forwards it to the leader.
/// </summary>
public sealed class ExactlyOnceWriteTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http = new() { Timeout = Patience };
    private ThreeNodeCluster _nodes = null!;
    private NodeApi _api = null!;
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _nodes = await ThreeNodeCluster.StartAsync("raftsdk-exactly-once", NodeEngine.ChangeAgent, Patience);
        _api = _nodes.Api;
        _cluster = _nodes.Nodes;
    }

    public async Task DisposeAsync()
    {
        await _nodes.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task A_retried_write_is_applied_once_and_answered_with_the_original_index()
    {
        (int leader, int follower) = await WaitUntilFollowedAsync();

        // An election may come between two calls on this loaded machine (a 503 saying so); the
        // client then does what the launcher does: the same write again, same seq.
        string first = await PutUntilAnsweredAsync(leader, "greeting", "hello", "writer-7", 1);
        ulong index = JsonDocument.Parse(first).RootElement.GetProperty("index").GetUInt64();
        Assert.Contains(first, new[] { $"{{\"index\":{index}}}", $"{{\"index\":{index},\"duplicate\":true}}" });

        // The retry of the same write (same client, same seq), as after a lost answer: once through a follower, once through the leader.
        Assert.Equal($"{{\"index\":{index},\"duplicate\":true}}", await PutUntilAnsweredAsync(follower, "greeting", "hello", "writer-7", 1));
        Assert.Equal($"{{\"index\":{index},\"duplicate\":true}}", await PutUntilAnsweredAsync(leader, "greeting", "hello", "writer-7", 1));

        // The next write of that client is new; another client's seq 1 is its own.
        string second = await PutUntilAnsweredAsync(follower, "greeting", "hello again", "writer-7", 2);
        ulong secondIndex = JsonDocument.Parse(second).RootElement.GetProperty("index").GetUInt64();
        Assert.True(secondIndex > index);
        Assert.Contains(second, new[] { $"{{\"index\":{secondIndex}}}", $"{{\"index\":{secondIndex},\"duplicate\":true}}" });
        string other = await PutUntilAnsweredAsync(leader, "other", "x", "writer-8", 1);
        // As for the second write: when a first attempt was answered 503/504 but committed, its retry is answered as that write.
        Assert.Matches("^\\{\"index\":[0-9]+(,\"duplicate\":true)?\\}$", other);

        (int now, _) = await _cluster.WaitForLeaderAsync(1, Patience, CancellationToken.None); // it has every committed entry
        using HttpResponseMessage log = await _http.GetAsync($"http://127.0.0.1:{_cluster.Specs[now].HttpPort}/log?from=1&count=100");
        JsonElement[] writes = JsonDocument.Parse(await log.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
            .Where(e => e.GetProperty("key").GetString() is "greeting")
            .ToArray();
        Assert.Equal(
            new (ulong, string?, string?, ulong)[] { (index, "hello", "writer-7", 1UL), (secondIndex, "hello again", "writer-7", 2UL) },
            writes.Select(e => (e.GetProperty("index").GetUInt64(), e.GetProperty("value").GetString(), e.GetProperty("client").GetString(), e.GetProperty("seq").GetUInt64())));
    }

    [Fact]
    public async Task Client_without_seq_or_a_malformed_seq_is_refused_and_nothing_is_written()
    {
        (int leader, _) = await _cluster.WaitForLeaderAsync(1, Patience, CancellationToken.None);

        (HttpStatusCode status, string body) noSeq = await PutAsync(leader, "k", "v", "writer-1", seq: null);
        Assert.Equal(HttpStatusCode.BadRequest, noSeq.status);
        Assert.Equal("client and seq go together: a write names both (exactly-once) or neither.", ErrorOf(noSeq.body));

        using var content = new StringContent("v", Encoding.UTF8, "text/plain");
        using HttpResponseMessage badSeq = await _http.PutAsync($"http://127.0.0.1:{_cluster.Specs[leader].HttpPort}/kv/k?client=writer-1&seq=-3", content);
        Assert.Equal(HttpStatusCode.BadRequest, badSeq.StatusCode);
        Assert.Equal("seq must be a non-negative integer (the client's sequence number of this write), not '-3'.", ErrorOf(await badSeq.Content.ReadAsStringAsync()));

        using HttpResponseMessage log = await _http.GetAsync($"http://127.0.0.1:{_cluster.Specs[leader].HttpPort}/log?from=1&count=100");
        Assert.DoesNotContain(JsonDocument.Parse(await log.Content.ReadAsStringAsync()).RootElement.EnumerateArray(), e => e.GetProperty("key").GetString() == "k");
    }

    private static string? ErrorOf(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error").GetString();

    // A leader and a follower that knows it. An election may come first on a loaded machine (the
    // follower then follows a newer leader): the current leader is asked for again, not waited on.
    private async Task<(int Leader, int Follower)> WaitUntilFollowedAsync()
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            (int leader, NodeStatusView leading) = await _cluster.WaitForLeaderAsync(1, Patience, CancellationToken.None);
            int follower = (leader + 1) % 3;
            if ((await _api.TryStatusAsync(_cluster.Specs[follower].HttpPort, CancellationToken.None))?.Leader == leading.Id)
            {
                return (leader, follower);
            }

            Assert.True(DateTime.UtcNow < deadline, $"no follower learned of the leader within {Patience.TotalSeconds:0} s (last: node{leader + 1}, id {leading.Id})");
            await Task.Delay(20);
        }
    }

    /// <summary>The write, sent again with the same seq while the answer is 503 or 504 (no leader, or not committed in time: it may still commit).</summary>
    private async Task<string> PutUntilAnsweredAsync(int node, string key, string value, string client, ulong seq)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            (HttpStatusCode status, string body) = await PutAsync(node, key, value, client, seq);
            if (status is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout) || DateTime.UtcNow > deadline)
            {
                Assert.True(status == HttpStatusCode.OK, $"{status}: {body}");
                return body;
            }

            await Task.Delay(100);
        }
    }

    private async Task<(HttpStatusCode, string)> PutAsync(int node, string key, string value, string client, ulong? seq)
    {
        string query = seq is null ? $"?client={client}" : $"?client={client}&seq={seq}";
        using var content = new StringContent(value, Encoding.UTF8, "text/plain");
        using HttpResponseMessage response = await _http.PutAsync($"http://127.0.0.1:{_cluster.Specs[node].HttpPort}/kv/{key}{query}", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
