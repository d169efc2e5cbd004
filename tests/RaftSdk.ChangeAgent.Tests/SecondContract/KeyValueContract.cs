using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent.Tests.SecondContract.Protos;

namespace RaftSdk.ChangeAgent.Tests.SecondContract;

public enum Consistency
{
    Default,
    Strong,
}

/// <summary>A positional record.</summary>
[ProtoMessage(typeof(KeyPb))]
public sealed partial record Key(string Name, uint Shard);

/// <summary>Constructor plus init members; byte[] and List payloads; an enum.</summary>
[ProtoMessage(typeof(PutRequestPb))]
public sealed partial record PutRequest(Key Key, byte[] Value)
{
    public long TtlSeconds { get; init; }

    public List<string> Labels { get; init; } = new();

    public Consistency Consistency { get; init; }

    public bool Equals(PutRequest? other) =>
        other is not null && Key == other.Key && Value.SequenceEqual(other.Value) && TtlSeconds == other.TtlSeconds
        && Labels.SequenceEqual(other.Labels) && Consistency == other.Consistency;

    public override int GetHashCode() => HashCode.Combine(Key, Value.Length, TtlSeconds, Labels.Count, Consistency);
}

/// <summary>A record struct.</summary>
[ProtoMessage(typeof(PutReplyPb))]
public readonly partial record struct PutReply(ulong Version);

[ProtoMessage(typeof(GetRequestPb))]
public sealed partial record GetRequest(Key Key);

/// <summary>Repeated nested messages, memory payload, a wrapper type on a fixed64.</summary>
[ProtoMessage(typeof(GetReplyPb))]
public sealed partial record GetReply
{
    public bool Found { get; init; }

    public ReadOnlyMemory<byte> Value { get; init; }

    public IReadOnlyList<Key> Related { get; init; } = Array.Empty<Key>();

    public NodeId Owner { get; init; }
}

[ProtoMessage(typeof(StatsPb))]
public sealed partial record Stats(ulong Keys, double Load);

/// <summary>
/// Other names, routes, content type and method shapes: no CancellationToken, the token first,
/// ValueTask, a synchronous GET, and a bare value carried in a response member.
/// </summary>
[RaftContract("application/x-kv+protobuf")]
public interface IKeyValueStore
{
    [RaftRoute("/kv/v1/put")]
    ValueTask<PutReply> Put(PutRequest request);

    [RaftRoute("/kv/v1/get", ErrorStatusCode = 404)]
    Task<GetReply> GetAsync(CancellationToken cancellationToken, GetRequest request);

    [RaftRoute("/kv/v1/stats", Method = "GET")]
    Stats GetStats();

    [RaftRoute("/kv/v1/count", Method = "get", Response = typeof(Stats), ResultMember = nameof(Stats.Keys))]
    Task<ulong> CountAsync(CancellationToken cancellationToken);
}
