using System;
using System.Linq;
using Google.Protobuf;
using RaftSdk.ChangeAgent.Protobufs;
using RaftSdk.ChangeAgent.Tests.Vectors;
using RaftSdk.Mapping;
using RaftSdk.Testing;
using Xunit;

namespace RaftSdk.ChangeAgent.Tests;

/// <summary>
/// The generated ReadProto (what the server reads requests with, no Google.Protobuf object graph)
/// gives the same record as FromProto(Parser.ParseFrom(bytes)) for every vector, skips unknown
/// fields, refuses what Google.Protobuf refuses, and wraps payloads instead of copying them.
/// </summary>
public sealed class DirectWireReaderTests
{
    private static T Read<T>(byte[] bytes, ProtoRead<T> read)
    {
        var reader = new ProtoReader(bytes);
        return read(ref reader);
    }

    private static AppendRequest ReadAppend(byte[] bytes) => Read(bytes, static (ref ProtoReader r) => AppendRequest.ReadProto(ref r));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(64)]
    public void AppendRequest_bench_workload(int entries)
    {
        byte[] bytes = GoldenVectors.Bytes(entries switch
        {
            0 => GoldenVectors.AppendRequestBenchK0,
            1 => GoldenVectors.AppendRequestBenchK1,
            2 => GoldenVectors.AppendRequestBenchK2,
            _ => GoldenVectors.AppendRequestBenchK64(),
        });
        AppendRequest direct = ReadAppend(bytes);
        Assert.Equal(BenchWorkload.Create(entries), direct);
        Assert.Equal(AppendRequest.FromProto(AppendRequestPb.Parser.ParseFrom(bytes)), direct);
    }

    [Fact]
    public void Repeated_tags_share_one_array_and_changed_tags_get_their_own()
    {
        Entry Tagged(ulong index, params string[] tags) => new() { Index = index, Tags = tags };
        var request = new AppendRequest
        {
            Term = 1,
            Entries = [Tagged(1, "a", "b"), Tagged(2, "a", "b"), Tagged(3, "a", "c"), Tagged(4), Tagged(5, "a", "c"), Tagged(6, "a", "c", "d", "e", "f", "g")],
        };
        byte[] bytes = request.ToProto().ToByteArray();

        AppendRequest read = ReadAppend(bytes);

        Assert.Equal(request, read);
        Assert.Same(read.Entries[0].Tags, read.Entries[1].Tags);
        Assert.NotSame(read.Entries[1].Tags, read.Entries[2].Tags);
        Assert.Empty(read.Entries[3].Tags);
        Assert.Equal(new[] { "a", "c" }, read.Entries[4].Tags);
        Assert.Equal(new[] { "a", "c", "d", "e", "f", "g" }, read.Entries[5].Tags);

        // The bench workload: the same two tags on 64 entries, one array.
        AppendRequest bench = ReadAppend(GoldenVectors.Bytes(GoldenVectors.AppendRequestBenchK64()));
        Assert.All(bench.Entries, e => Assert.Same(bench.Entries[0].Tags, e.Tags));
    }

    [Fact]
    public void Every_other_vector_reads_as_FromProto_does()
    {
        static void Same<TRecord, TProto>(string hex, ProtoRead<TRecord> read, MessageParser<TProto> parser, Func<TProto, TRecord> fromProto)
            where TProto : IMessage<TProto>
        {
            byte[] bytes = GoldenVectors.Bytes(hex);
            Assert.Equal(fromProto(parser.ParseFrom(bytes)), Read(bytes, read));
        }

        Same(GoldenVectors.VoteRequestBasic, static (ref ProtoReader r) => VoteRequest.ReadProto(ref r), VoteRequestPb.Parser, VoteRequest.FromProto);
        Same(GoldenVectors.VoteResponseGranted, static (ref ProtoReader r) => VoteResponse.ReadProto(ref r), VoteResponsePb.Parser, VoteResponse.FromProto);
        Same(GoldenVectors.AppendResponseSuccess, static (ref ProtoReader r) => AppendResponse.ReadProto(ref r), AppendResponsePb.Parser, AppendResponse.FromProto);
        Same(GoldenVectors.AppendResponseBench, static (ref ProtoReader r) => AppendResponse.ReadProto(ref r), AppendResponsePb.Parser, AppendResponse.FromProto);
        Same(GoldenVectors.EntryPropose, static (ref ProtoReader r) => Entry.ReadProto(ref r), EntryPb.Parser, Entry.FromProto);
        Same(GoldenVectors.EntryEmpty, static (ref ProtoReader r) => Entry.ReadProto(ref r), EntryPb.Parser, Entry.FromProto);
        Same(GoldenVectors.ProposalResponseNewIndex123, static (ref ProtoReader r) => ProposalResponse.ReadProto(ref r), ProposalResponsePb.Parser, ProposalResponse.FromProto);
        Same(GoldenVectors.ProposalResponseNotLeader, static (ref ProtoReader r) => ProposalResponse.ReadProto(ref r), ProposalResponsePb.Parser, ProposalResponse.FromProto);
        Same(GoldenVectors.JoinRequestLast, static (ref ProtoReader r) => JoinRequest.ReadProto(ref r), JoinRequestPb.Parser, JoinRequest.FromProto);
        Same(GoldenVectors.DiscoveryResponseId1, static (ref ProtoReader r) => DiscoveryResponse.ReadProto(ref r), DiscoveryResponsePb.Parser, DiscoveryResponse.FromProto);

        // An absent optional string reads as null, as FromProto gives it.
        Assert.Null(Read(GoldenVectors.Bytes(GoldenVectors.ProposalResponseNewIndex123), static (ref ProtoReader r) => ProposalResponse.ReadProto(ref r)).Error);
    }

    [Fact]
    public void Unknown_fields_and_unexpected_wire_types_are_skipped()
    {
        // field 15 varint, field 16 length-delimited, field 17 fixed64, field 18 fixed32, then term (1) sent as fixed64: unknown, skipped
        byte[] extra = { 0x78, 0x01, 0x82, 0x01, 0x02, 0xAA, 0xBB, 0x89, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0x95, 0x01, 1, 2, 3, 4, 0x09, 1, 2, 3, 4, 5, 6, 7, 8 };
        byte[] bytes = GoldenVectors.Bytes(GoldenVectors.AppendResponseSuccess).Concat(extra).ToArray();
        AppendResponse direct = Read(bytes, static (ref ProtoReader r) => AppendResponse.ReadProto(ref r));
        Assert.Equal(AppendResponse.FromProto(AppendResponsePb.Parser.ParseFrom(bytes)), direct);
        Assert.Equal(new AppendResponse { Term = 5, Success = true }, direct);
    }

    [Fact]
    public void The_last_value_of_a_singular_field_wins()
    {
        byte[] bytes = GoldenVectors.Bytes(GoldenVectors.AppendResponseSuccess).Concat(new byte[] { 0x08, 0x09 }).ToArray();
        Assert.Equal(9UL, Read(bytes, static (ref ProtoReader r) => AppendResponse.ReadProto(ref r)).Term);
        Assert.Equal(9UL, AppendResponsePb.Parser.ParseFrom(bytes).Term);
    }

    [Theory]
    [InlineData("0805")] // success (required) missing
    [InlineData("1001")] // term (required) missing
    [InlineData("")]
    public void A_missing_required_field_is_refused(string hex)
    {
        byte[] bytes = GoldenVectors.Bytes(hex);
        ProtoReadException e = Assert.Throws<ProtoReadException>(() => Read(bytes, static (ref ProtoReader r) => AppendResponse.ReadProto(ref r)));
        Assert.True(e.MissingRequiredField);
        Assert.False(AppendResponse.IsProtoComplete(AppendResponsePb.Parser.ParseFrom(bytes)));
    }

    [Fact]
    public void A_missing_required_field_of_a_nested_entry_is_refused()
    {
        // AppendRequest with one entry that has index but no type
        byte[] bytes = GoldenVectors.Bytes(GoldenVectors.AppendRequestBenchK0).Concat(new byte[] { 0x32, 0x02, 0x08, 0x01 }).ToArray();
        Assert.True(Assert.Throws<ProtoReadException>(() => ReadAppend(bytes)).MissingRequiredField);
        Assert.False(AppendRequest.IsProtoComplete(AppendRequestPb.Parser.ParseFrom(bytes)));
    }

    [Theory]
    [InlineData("08")] // truncated varint
    [InlineData("0805100132")] // entry without length
    [InlineData("08051001320a0801")] // entry length past the end
    [InlineData("0805100111")] // fixed64 leader id truncated
    [InlineData("0805100100")] // tag zero
    [InlineData("08ffffffffffffffffffff01")] // varint longer than ten bytes
    [InlineData("0805100107")] // wire type 7
    public void Garbage_is_refused_as_by_Google_Protobuf(string hex)
    {
        byte[] bytes = GoldenVectors.Bytes(hex);
        ProtoReadException e = Assert.Throws<ProtoReadException>(() => ReadAppend(bytes));
        Assert.False(e.MissingRequiredField);
        Assert.Throws<InvalidProtocolBufferException>(() => AppendRequestPb.Parser.ParseFrom(bytes));
    }

    [Fact]
    public void Payloads_are_slices_of_the_body_not_copies()
    {
        byte[] bytes = GoldenVectors.Bytes(GoldenVectors.AppendRequestBenchK2);
        AppendRequest request = ReadAppend(bytes);
        foreach (Entry entry in request.Entries)
        {
            Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(entry.Data, out ArraySegment<byte> segment));
            Assert.Same(bytes, segment.Array);
        }
    }

    [Fact]
    public void Recurring_short_strings_are_decoded_once()
    {
        AppendRequest request = ReadAppend(GoldenVectors.Bytes(GoldenVectors.AppendRequestBenchK64()));
        Assert.Equal(BenchWorkload.Create(64), request);
        Assert.Same(request.Entries[0].Tags[0], request.Entries[63].Tags[0]);
        Assert.Same(request.Entries[0].Tags[1], request.Entries[63].Tags[1]);

        // Different strings of the same length stay apart.
        var entry = new Entry { Index = 1, Tags = new[] { "abc", "abd", "abc", "xyz", "abd", "q", "abc" } };
        int size = ((IProtoWritable)entry).CalculateProtoSize();
        byte[] bytes = new byte[size];
        var writer = new ProtoWriter(bytes);
        ((IProtoWritable)entry).WriteProto(ref writer);
        Assert.Equal(entry, Read(bytes, static (ref ProtoReader r) => Entry.ReadProto(ref r)));
    }
}
