using System.Text;
using Google.Protobuf;
using RaftSdk.ChangeAgent.Tests.Vectors;
using RaftSdk.Mapping;
using RaftSdk.Testing;
using Xunit;

namespace RaftSdk.ChangeAgent.Tests;

/// <summary>
/// The generated IProtoWritable writer (what the client sends, without building the
/// Google.Protobuf object graph) produces the golden bytes of the Go original, and exactly the
/// bytes of ToProto() serialized, for every vector and for edge values.
/// </summary>
public sealed class DirectWireWriterTests
{
    private static readonly NanoTimestamp T0 = new(BenchWorkload.T0);

    private static byte[] WriteDirect(IProtoWritable message)
    {
        int size = message.CalculateProtoSize();
        byte[] buffer = new byte[size];
        var writer = new ProtoWriter(buffer);
        message.WriteProto(ref writer);
        Assert.Equal(size, writer.Position);
        return buffer;
    }

    private static void AssertWrites<T>(string expectedHex, T message, IMessage viaToProto)
        where T : IProtoWritable
    {
        Assert.Equal(expectedHex, Hex.Encode(WriteDirect(message)));
        Assert.Equal(Hex.Encode(viaToProto.ToByteArray()), Hex.Encode(WriteDirect(message)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void AppendRequest_bench_workload(int entries)
    {
        string hex = entries switch { 0 => GoldenVectors.AppendRequestBenchK0, 1 => GoldenVectors.AppendRequestBenchK1, _ => GoldenVectors.AppendRequestBenchK2 };
        AppendRequest request = BenchWorkload.Create(entries);
        AssertWrites(hex, request, request.ToProto());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(16_383)]
    [InlineData(16_384)]
    [InlineData(2_100_000)]
    public void Nested_messages_of_every_length_prefix_size_write_as_Google_Protobuf_does(int dataLength)
    {
        // Entry bodies around the one-, two-, three- and four-byte length prefixes, beside a small one.
        byte[] data = new byte[dataLength];
        new System.Random(dataLength).NextBytes(data);
        var request = new AppendRequest
        {
            Term = 3,
            Entries = [new Entry { Index = 1, Data = data, Tags = ["t"] }, new Entry { Index = 2 }],
        };

        Assert.Equal(request.ToProto().ToByteArray(), WriteDirect(request));
    }

    [Fact]
    public void AppendRequest_bench_workload_with_64_entries()
    {
        AppendRequest request = BenchWorkload.Create(64);
        AssertWrites(GoldenVectors.AppendRequestBenchK64(), request, request.ToProto());
    }

    [Fact]
    public void Every_other_vector()
    {
        var vote = new VoteRequest { Term = 7, CandidateId = new NodeId(0x1234567890abcdef), LastLogIndex = 42, LastLogTerm = 6, ClusterId = new NodeId(0xfedcba9876543210) };
        AssertWrites(GoldenVectors.VoteRequestBasic, vote, vote.ToProto());

        var granted = new VoteResponse { NodeId = new NodeId(1), Term = 7, VoteGranted = true };
        AssertWrites(GoldenVectors.VoteResponseGranted, granted, granted.ToProto());

        var success = new AppendResponse { Term = 5, Success = true };
        AssertWrites(GoldenVectors.AppendResponseSuccess, success, success.ToProto());
        var refused = new AppendResponse { Term = 5, Success = false };
        AssertWrites(GoldenVectors.AppendResponseBench, refused, refused.ToProto());

        var propose = new Entry { Index = 3, Type = 0, Term = 3, Timestamp = T0, Data = Encoding.UTF8.GetBytes("Hello, World!") };
        AssertWrites(GoldenVectors.EntryPropose, propose, propose.ToProto());
        var empty = new Entry();
        AssertWrites(GoldenVectors.EntryEmpty, empty, empty.ToProto());

        var newIndex = new ProposalResponse { NewIndex = 123 };
        AssertWrites(GoldenVectors.ProposalResponseNewIndex123, newIndex, newIndex.ToProto());
        var notLeader = new ProposalResponse { NewIndex = 0, Error = "not leader" };
        AssertWrites(GoldenVectors.ProposalResponseNotLeader, notLeader, notLeader.ToProto());

        var discovery = new DiscoveryResponse { NodeId = new NodeId(1) };
        AssertWrites(GoldenVectors.DiscoveryResponseId1, discovery, discovery.ToProto());

        var join = new JoinRequest
        {
            ClusterId = new NodeId(4),
            Last = true,
            Entries = new[]
            {
                new Entry { Index = 1, Type = 0, Term = 2, Timestamp = T0, Tags = new[] { "foo" }, Data = Encoding.UTF8.GetBytes("Hello!") },
                new Entry { Index = 2, Type = 0, Term = 3, Timestamp = new NanoTimestamp(1700000001123456789), Tags = new[] { "bar", "baz" }, Data = Encoding.UTF8.GetBytes("Goodbye!") },
            },
            ConfigEntries = new[]
            {
                new Entry { Index = 3, Type = -1, Term = 2, Timestamp = T0, Data = Encoding.UTF8.GetBytes("cfg") },
            },
        };
        AssertWrites(GoldenVectors.JoinRequestLast, join, join.ToProto());
    }

    [Fact]
    public void Edge_values_match_ToProto()
    {
        var entry = new Entry
        {
            Index = ulong.MaxValue,
            Type = int.MinValue,
            Term = ulong.MaxValue,
            Timestamp = new NanoTimestamp(long.MinValue),
            Tags = new[] { string.Empty, "ü€𝄞", new string('x', 300) },
            Data = new byte[70000],
        };
        Assert.Equal(Hex.Encode(entry.ToProto().ToByteArray()), Hex.Encode(WriteDirect(entry)));

        var request = new AppendRequest { Term = 0, LeaderId = new NodeId(ulong.MaxValue), Entries = new[] { entry, new Entry() } };
        Assert.Equal(Hex.Encode(request.ToProto().ToByteArray()), Hex.Encode(WriteDirect(request)));

        var error = new ProposalResponse { Error = string.Empty };
        Assert.Equal(Hex.Encode(error.ToProto().ToByteArray()), Hex.Encode(WriteDirect(error)));
    }
}
