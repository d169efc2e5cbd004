using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using RaftSdk.ChangeAgent.Protobufs;
using RaftSdk.ChangeAgent.Tests.Vectors;
using RaftSdk.Testing;
using Xunit;

namespace RaftSdk.ChangeAgent.Tests;

/// <summary>
/// Every golden vector made by the Go original: it decodes to the listed values through the
/// generated mapping, and our encoder produces the same bytes.
/// </summary>
public sealed class WireVectorTests
{
    private static readonly NanoTimestamp T0 = new(1700000000123456789);

    private static T Decode<T>(MessageParser<T> parser, string hex) where T : IMessage<T>
    {
        T message = parser.ParseFrom(GoldenVectors.Bytes(hex));
        Assert.True(message.IsInitialized());
        return message;
    }

    private static void AssertEncodes(string expectedHex, IMessage message) => Assert.Equal(expectedHex, Hex.Encode(message.ToByteArray()));

    [Fact]
    public void VoteRequest_basic()
    {
        var request = new VoteRequest { Term = 7, CandidateId = new NodeId(0x1234567890abcdef), LastLogIndex = 42, LastLogTerm = 6, ClusterId = new NodeId(0xfedcba9876543210) };
        Assert.Equal(request, VoteRequest.FromProto(Decode(VoteRequestPb.Parser, GoldenVectors.VoteRequestBasic)));
        AssertEncodes(GoldenVectors.VoteRequestBasic, request.ToProto());
    }

    [Fact]
    public void VoteResponse_granted()
    {
        var response = new VoteResponse { NodeId = new NodeId(1), Term = 7, VoteGranted = true };
        Assert.Equal(response, VoteResponse.FromProto(Decode(VoteResponsePb.Parser, GoldenVectors.VoteResponseGranted)));
        AssertEncodes(GoldenVectors.VoteResponseGranted, response.ToProto());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void AppendRequest_bench_workload(int entries)
    {
        string hex = entries switch { 0 => GoldenVectors.AppendRequestBenchK0, 1 => GoldenVectors.AppendRequestBenchK1, _ => GoldenVectors.AppendRequestBenchK2 };
        AppendRequest request = BenchWorkload.Create(entries);
        Assert.Equal(request, AppendRequest.FromProto(Decode(AppendRequestPb.Parser, hex)));
        AssertEncodes(hex, request.ToProto());
    }

    [Fact]
    public void AppendRequest_bench_workload_with_64_entries()
    {
        string hex = GoldenVectors.AppendRequestBenchK64();
        byte[] golden = GoldenVectors.Bytes(hex);
        Assert.Equal(GoldenVectors.AppendRequestBenchK64Length, golden.Length);
        Assert.Equal(GoldenVectors.AppendRequestBenchK64Sha256, Hex.Encode(SHA256.HashData(golden)));

        AppendRequest request = BenchWorkload.Create(64);
        byte[] ours = request.ToProto().ToByteArray();
        Assert.Equal(hex, Hex.Encode(ours));
        Assert.Equal(request, AppendRequest.FromProto(AppendRequestPb.Parser.ParseFrom(golden)));
    }

    [Theory]
    [InlineData(GoldenVectors.AppendResponseSuccess, 5UL, true)]
    [InlineData(GoldenVectors.AppendResponseBench, 5UL, false)] // a required false is still on the wire
    public void AppendResponse(string hex, ulong term, bool success)
    {
        var response = new AppendResponse { Term = term, Success = success };
        Assert.Equal(response, ChangeAgent.AppendResponse.FromProto(Decode(AppendResponsePb.Parser, hex)));
        AssertEncodes(hex, response.ToProto());
    }

    [Fact]
    public void Entry_propose()
    {
        var entry = new Entry { Index = 3, Type = 0, Term = 3, Timestamp = T0, Data = Encoding.UTF8.GetBytes("Hello, World!") };
        Assert.Equal(entry, Entry.FromProto(Decode(EntryPb.Parser, GoldenVectors.EntryPropose)));
        AssertEncodes(GoldenVectors.EntryPropose, entry.ToProto());
    }

    [Fact]
    public void Entry_empty_writes_required_fields_and_the_timestamp_only()
    {
        var entry = new Entry();
        Entry decoded = Entry.FromProto(Decode(EntryPb.Parser, GoldenVectors.EntryEmpty));
        Assert.Equal(entry, decoded);
        Assert.Empty(decoded.Tags);
        Assert.True(decoded.Data.IsEmpty);
        AssertEncodes(GoldenVectors.EntryEmpty, entry.ToProto());
    }

    [Fact]
    public void ProposalResponse_new_index()
    {
        var response = new ProposalResponse { NewIndex = 123 };
        ProposalResponse decoded = ChangeAgent.ProposalResponse.FromProto(Decode(ProposalResponsePb.Parser, GoldenVectors.ProposalResponseNewIndex123));
        Assert.Equal(response, decoded);
        Assert.Null(decoded.Error); // absent optional string reads as null, not ""
        AssertEncodes(GoldenVectors.ProposalResponseNewIndex123, response.ToProto());
    }

    [Fact]
    public void ProposalResponse_not_leader()
    {
        var response = new ProposalResponse { NewIndex = 0, Error = "not leader" };
        Assert.Equal(response, ChangeAgent.ProposalResponse.FromProto(Decode(ProposalResponsePb.Parser, GoldenVectors.ProposalResponseNotLeader)));
        AssertEncodes(GoldenVectors.ProposalResponseNotLeader, response.ToProto());
    }

    [Fact]
    public void JoinRequest_last()
    {
        var request = new JoinRequest
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
        Assert.Equal(request, JoinRequest.FromProto(Decode(JoinRequestPb.Parser, GoldenVectors.JoinRequestLast)));
        AssertEncodes(GoldenVectors.JoinRequestLast, request.ToProto());
    }

    [Fact]
    public void DiscoveryResponse_id1()
    {
        var response = new DiscoveryResponse { NodeId = new NodeId(1) };
        Assert.Equal(response, DiscoveryResponse.FromProto(Decode(DiscoveryResponsePb.Parser, GoldenVectors.DiscoveryResponseId1)));
        AssertEncodes(GoldenVectors.DiscoveryResponseId1, response.ToProto());
    }

    [Fact]
    public void Unknown_fields_are_tolerated_on_receive()
    {
        // field 15 (varint 1) appended, as a newer peer might send
        byte[] bytes = GoldenVectors.Bytes(GoldenVectors.AppendResponseSuccess).Concat(new byte[] { 0x78, 0x01 }).ToArray();
        AppendResponse decoded = ChangeAgent.AppendResponse.FromProto(AppendResponsePb.Parser.ParseFrom(bytes));
        Assert.Equal(new AppendResponse { Term = 5, Success = true }, decoded);
    }

    [Fact]
    public void Entry_payload_is_wrapped_not_copied_on_send_and_on_receive()
    {
        byte[] payload = { 1, 2, 3, 4 };
        EntryPb proto = new Entry { Index = 1, Data = payload }.ToProto();
        payload[0] = 99; // the wire message sees the caller's buffer: no copy was made
        Assert.Equal(99, proto.Data[0]);

        byte[] wire = proto.ToByteArray();
        EntryPb parsed = EntryPb.Parser.ParseFrom(wire);
        Entry received = Entry.FromProto(parsed);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(received.Data, out ArraySegment<byte> segment));
        Assert.Same(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(parsed.Data.Memory, out ArraySegment<byte> source) ? source.Array : null, segment.Array);
    }
}
