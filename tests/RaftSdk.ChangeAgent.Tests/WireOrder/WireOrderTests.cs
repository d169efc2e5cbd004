using System;
using System.Collections.Generic;
using Google.Protobuf;
using RaftSdk.ChangeAgent.Tests.WireOrder.Protos;
using RaftSdk.Mapping;
using RaftSdk.Testing;
using Xunit;

namespace RaftSdk.ChangeAgent.Tests.WireOrder;

/// <summary>Properties declared in reverse field order: written in number order all the same.</summary>
[ProtoMessage(typeof(ShuffledPb))]
public sealed partial record Shuffled
{
    public uint Crc { get; init; }

    public double Ratio { get; init; }

    public IReadOnlyList<int> Loose { get; init; } = Array.Empty<int>();

    public IReadOnlyList<ulong> PackedIds { get; init; } = Array.Empty<ulong>();

    public string? Name { get; init; }

    public long Delta { get; init; }

    public bool Equals(Shuffled? other) =>
        other is not null && Crc == other.Crc && Ratio.Equals(other.Ratio) && Name == other.Name && Delta == other.Delta
        && System.Linq.Enumerable.SequenceEqual(Loose, other.Loose) && System.Linq.Enumerable.SequenceEqual(PackedIds, other.PackedIds);

    public override int GetHashCode() => HashCode.Combine(Crc, Delta);
}

public sealed class WireOrderTests
{
    [Theory]
    [InlineData(0L, null, 0)]
    [InlineData(-5L, "x", 3)]
    [InlineData(long.MinValue, "", 70)]
    public void Written_in_number_order_and_read_back(long delta, string? name, int count)
    {
        var ids = new ulong[count];
        var loose = new int[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = (ulong)i * 300;
            loose[i] = -i;
        }

        var record = new Shuffled { Crc = 0xdeadbeef, Ratio = count * 0.5, Loose = loose, PackedIds = ids, Name = name, Delta = delta };
        byte[] expected = record.ToProto().ToByteArray();

        IProtoWritable writable = record;
        byte[] direct = new byte[writable.CalculateProtoSize()];
        var writer = new ProtoWriter(direct);
        writable.WriteProto(ref writer);
        Assert.Equal(Hex.Encode(expected), Hex.Encode(direct));

        var reader = new ProtoReader(expected);
        Shuffled read = Shuffled.ReadProto(ref reader);
        Assert.Equal(Shuffled.FromProto(ShuffledPb.Parser.ParseFrom(expected)), read);
        Assert.Equal(record, read); // null is absent, and an empty string is present (issue 12: presence is kept)
    }

    [Fact]
    public void Packed_field_sent_unpacked_and_unpacked_field_sent_packed_are_both_read()
    {
        // delta=1 (zigzag 2), packed_ids as two unpacked values 7 and 8, loose (sfixed32) packed [1, -1], crc=9
        byte[] bytes = { 0x08, 0x02, 0x18, 0x07, 0x18, 0x08, 0x22, 0x08, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x35, 9, 0, 0, 0 };
        var reader = new ProtoReader(bytes);
        Shuffled read = Shuffled.ReadProto(ref reader);
        Assert.Equal(Shuffled.FromProto(ShuffledPb.Parser.ParseFrom(bytes)), read);
        Assert.Equal(new ulong[] { 7, 8 }, read.PackedIds);
        Assert.Equal(new[] { 1, -1 }, read.Loose);
        Assert.Equal(1L, read.Delta);
    }
}
