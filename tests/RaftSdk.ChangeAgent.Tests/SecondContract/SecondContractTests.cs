using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Hosting;
using RaftSdk.Server;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.ChangeAgent.Tests.SecondContract;

/// <summary>
/// The same generator, given a contract that shares nothing with changeagent, yields a working
/// transport: nothing of changeagent is hard-coded.
/// </summary>
public sealed class SecondContractTests : IAsyncLifetime
{
    private readonly InMemoryKeyValueStore _store = new();
    private RaftListener _listener = null!;
    private RaftClientCore _core = null!;
    private KeyValueStoreClient _client = null!;

    private string Address => "127.0.0.1:" + _listener.Port;

    public async Task InitializeAsync()
    {
        var endpoint = new RaftEndpoint<IKeyValueStore>(
            KeyValueStoreDispatcher.Routes,
            new RaftServerOptions { ContentType = KeyValueStoreDispatcher.ContentType },
            () => _store);
        _listener = await RaftListener.StartAsync(endpoint.HandleAsync, new RaftListenerOptions { BindAddress = IPAddress.Loopback });
        _core = new RaftClientCore(new RaftClientOptions { ContentType = KeyValueStoreClient.ContentType });
        _client = new KeyValueStoreClient(_core);
    }

    public async Task DisposeAsync()
    {
        _core.Dispose();
        await _listener.DisposeAsync();
    }

    [Fact]
    public async Task Every_route_works_end_to_end()
    {
        var key = new Key("alpha", 3);
        var put = new PutRequest(key, new byte[] { 1, 2, 3 }) { TtlSeconds = -5, Labels = new() { "x", "y" }, Consistency = Consistency.Strong };

        PutReply first = await _client.PutAsync(Address, put);
        PutReply second = await _client.PutAsync(Address, new PutRequest(new Key("beta", 3), Array.Empty<byte>()));
        Assert.Equal(new PutReply(1), first);
        Assert.Equal(new PutReply(2), second);

        GetReply reply = await _client.GetAsync(Address, new GetRequest(key));
        Assert.True(reply.Found);
        Assert.Equal(new byte[] { 1, 2, 3 }, reply.Value.ToArray());
        Assert.Equal(new[] { new Key("beta", 3) }, reply.Related);
        Assert.Equal(ulong.MaxValue, reply.Owner.Value);

        Assert.Equal(new Stats(2, 0.25), await _client.GetStatsAsync(Address));
        Assert.Equal(2UL, await _client.CountAsync(Address));
    }

    [Fact]
    public async Task The_contract_error_status_applies()
    {
        var error = await Assert.ThrowsAsync<RaftStatusException>(() => _client.GetAsync(Address, new GetRequest(new Key("missing", 0))));
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("/kv/v1/get", error.Path);
    }

    [Fact]
    public async Task The_contract_content_type_is_enforced()
    {
        using var core = new RaftClientCore(new RaftClientOptions { ContentType = RaftCommunication.ContentType });
        var wrong = new KeyValueStoreClient(core);
        var error = await Assert.ThrowsAsync<RaftStatusException>(() => wrong.PutAsync(Address, new PutRequest(new Key("a", 1), new byte[1])));
        Assert.Equal(415, error.StatusCode);
    }

    [Fact]
    public void Messages_round_trip_through_the_generated_mapping()
    {
        var put = new PutRequest(new Key("k", 9), new byte[] { 9 }) { Labels = new() { "l" }, Consistency = Consistency.Strong, TtlSeconds = 60 };
        Assert.Equal(put, PutRequest.FromProto(Protos.PutRequestPb.Parser.ParseFrom(Google.Protobuf.MessageExtensions.ToByteArray(put.ToProto()))));
    }
}
