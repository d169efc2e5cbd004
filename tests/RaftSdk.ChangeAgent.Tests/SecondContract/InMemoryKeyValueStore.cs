using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.ChangeAgent.Tests.SecondContract;

internal sealed class InMemoryKeyValueStore : IKeyValueStore
{
    private readonly ConcurrentDictionary<Key, PutRequest> _items = new();
    private long _version;

    public ValueTask<PutReply> Put(PutRequest request)
    {
        _items[request.Key] = request;
        return new ValueTask<PutReply>(new PutReply((ulong)Interlocked.Increment(ref _version)));
    }

    public Task<GetReply> GetAsync(CancellationToken cancellationToken, GetRequest request)
    {
        if (!_items.TryGetValue(request.Key, out PutRequest? item))
        {
            throw new KeyNotFoundException(request.Key.Name);
        }

        IReadOnlyList<Key> related = _items.Keys.Where(k => k.Shard == request.Key.Shard && k != request.Key).OrderBy(k => k.Name, StringComparer.Ordinal).ToArray();
        return Task.FromResult(new GetReply { Found = true, Value = item.Value, Related = related, Owner = new NodeId(ulong.MaxValue) });
    }

    public Stats GetStats() => new((ulong)_items.Count, 0.25);

    public Task<ulong> CountAsync(CancellationToken cancellationToken) => Task.FromResult((ulong)_items.Count);
}
