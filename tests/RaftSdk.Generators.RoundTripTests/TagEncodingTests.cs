using System;
using System.Collections.Generic;
using Google.Protobuf;
using RaftSdk.Generators.RoundTripTests.Infrastructure;
using RaftSdk.Generators.RoundTripTests.Shapes;
using RaftSdk.Generators.RoundTripTests.Wire;
using RaftSdk.Mapping;
using Xunit;

namespace RaftSdk.Generators.RoundTripTests;

/// <summary>
/// A tag is a varint; Google.Protobuf reads it as a 32-bit varint, keeping the low 32 bits of a
/// longer one (up to ten bytes), and refuses only a tag whose field number is then zero. The
/// direct reader must agree on each: a fuzz run found it refusing such tags as "invalid tag (zero)".
/// </summary>
public sealed class TagEncodingTests
{
    /// <summary>A varint of <paramref name="value"/> padded to <paramref name="length"/> bytes (continuation bits on redundant zero groups).</summary>
    private static byte[] Varint(ulong value, int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)((value & 0x7F) | (i < length - 1 ? 0x80UL : 0));
            value >>= 7;
        }

        return bytes;
    }

    private static byte[] Concat(params byte[][] parts)
    {
        var all = new List<byte>();
        foreach (byte[] part in parts)
        {
            all.AddRange(part);
        }

        return all.ToArray();
    }

    private static readonly byte[] Id7 = { 0x08, 0x07 }; // id = 7

    public static TheoryData<string, byte[]> Inputs() => new()
    {
        // Field 9 (unknown to InnerPb), varint, with bits above 32 set in its tag: skipped as unknown.
        { "unknown field, tag with bit 35 set", Concat(Id7, Varint((1UL << 35) | (9 << 3), 6), new byte[] { 0x05 }) },
        // Field 1 (id) with bit 40 set: the low 32 bits say id, so Google.Protobuf reads it as id (last value wins).
        { "known field, tag with bit 40 set", Concat(Id7, Varint((1UL << 40) | (1 << 3), 7), new byte[] { 0x2A }) },
        // A tag of ten bytes, the longest varint.
        { "ten-byte tag", Concat(Id7, Varint((1UL << 63) | (9 << 3), 10), new byte[] { 0x01 }) },
        // The low 32 bits are zero: field number zero, refused by both.
        { "tag zero in its low 32 bits", Concat(Id7, Varint(1UL << 35, 6), new byte[] { 0x01 }) },
        // Eleven bytes: not a varint at all.
        { "eleven-byte tag", Concat(Id7, new byte[] { 0x88, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }) },
        // A plain tag padded to five bytes.
        { "padded five-byte tag", Concat(Varint(1 << 3, 5), new byte[] { 0x03 }) },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void The_direct_reader_agrees_with_Google_Protobuf(string name, byte[] bytes)
    {
        _ = name;
        string Outcome(Func<Inner> read)
        {
            try
            {
                return "value " + read();
            }
            catch (InvalidProtocolBufferException)
            {
                return "refused";
            }
            catch (ProtoReadException)
            {
                return "refused";
            }
        }

        string google = Outcome(() => Inner.FromProto(InnerPb.Parser.ParseFrom(bytes)));
        string direct = Outcome(() => Codec.Read(bytes, static (ref ProtoReader r) => Inner.ReadProto(ref r)));
        Assert.Equal(google, direct);
    }
}
