using System;
using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Google.Protobuf;
using RaftSdk.ChangeAgent;
using RaftSdk.ChangeAgent.Protobufs;
using RaftSdk.Mapping;
using RaftSdk.Testing;

namespace RaftSdk.Benchmarks.Micro;

/// <summary>
/// Encode and decode of the bench workload's AppendRequest with K entries: through the generated
/// mapping (what RaftSdk's client and server do) beside hand-written Google.Protobuf message code.
/// Encode writes into a reused buffer, so only the encoder's own allocations show.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CodecBenchmarks
{
    private AppendRequest _request = null!;
    private AppendRequestPb _requestProto = null!;
    private ReadOnlySequence<byte> _bytes;
    private byte[] _buffer = null!;

    [Params(0, 1, 64)]
    public int K { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _request = BenchWorkload.Create(K);
        _requestProto = _request.ToProto();
        byte[] bytes = _requestProto.ToByteArray();
        _bytes = new ReadOnlySequence<byte>(bytes);
        _buffer = new byte[bytes.Length + 1024];
    }

    /// <summary>RaftSdk's client: the generated IProtoWritable writes the record straight to the buffer.</summary>
    [Benchmark]
    [BenchmarkCategory("Encode")]
    public int Encode_Generated()
    {
        IProtoWritable request = _request;
        int size = request.CalculateProtoSize();
        var writer = new ProtoWriter(_buffer.AsSpan(0, size));
        request.WriteProto(ref writer);
        return writer.Position;
    }

    /// <summary>The generated ToProto, then size and write (RaftSdk's client before the direct writer).</summary>
    [Benchmark]
    [BenchmarkCategory("Encode")]
    public int Encode_Generated_ViaToProto()
    {
        AppendRequestPb proto = _request.ToProto();
        int size = proto.CalculateSize();
        proto.WriteTo(_buffer.AsSpan(0, size));
        return size;
    }

    /// <summary>Hand-written Google.Protobuf code: the message already exists; size and write it.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Encode")]
    public int Encode_Protobuf_Message()
    {
        int size = _requestProto.CalculateSize();
        _requestProto.WriteTo(_buffer.AsSpan(0, size));
        return size;
    }

    /// <summary>Hand-written Google.Protobuf code that builds the message from the domain values first (a hand-written mapping).</summary>
    [Benchmark]
    [BenchmarkCategory("Encode")]
    public int Encode_Protobuf_HandMapped()
    {
        AppendRequest r = _request;
        var proto = new AppendRequestPb
        {
            Term = r.Term,
            LeaderId = r.LeaderId.Value,
            PrevLogIndex = r.PrevLogIndex,
            PrevLogTerm = r.PrevLogTerm,
            LeaderCommit = r.LeaderCommit,
        };
        foreach (Entry e in r.Entries)
        {
            var entry = new EntryPb { Index = e.Index, Type = e.Type, Timestamp = e.Timestamp.UnixNanoseconds };
            if (e.Term != 0)
            {
                entry.Term = e.Term;
            }

            entry.Tags.AddRange(e.Tags);
            if (!e.Data.IsEmpty)
            {
                entry.Data = UnsafeByteOperations.UnsafeWrap(e.Data);
            }

            proto.Entries.Add(entry);
        }

        int size = proto.CalculateSize();
        proto.WriteTo(_buffer.AsSpan(0, size));
        return size;
    }

    /// <summary>
    /// RaftSdk's server: the body copied once out of the (here single-segment) pipe sequence into
    /// the array the record owns, then the generated ReadProto builds the record from it.
    /// </summary>
    [Benchmark]
    [BenchmarkCategory("Decode")]
    public AppendRequest Decode_Generated()
    {
        var reader = new ProtoReader(_bytes.ToArray());
        return AppendRequest.ReadProto(ref reader);
    }

    /// <summary>Parse with Google.Protobuf, then the generated FromProto (RaftSdk's server before ReadProto).</summary>
    [Benchmark]
    [BenchmarkCategory("Decode")]
    public AppendRequest Decode_Generated_ViaFromProto() => AppendRequest.FromProto(AppendRequestPb.Parser.ParseFrom(_bytes));

    /// <summary>Hand-written Google.Protobuf code: parse into the message and use it as is.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Decode")]
    public AppendRequestPb Decode_Protobuf_Message() => AppendRequestPb.Parser.ParseFrom(_bytes);
}
