using System.IO;
using CsCheck;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using RaftSdk.Mapping;
using RaftSdk.Server;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// The field limit against Google.Protobuf as the oracle (issue 18, point 6): random bodies of
/// every wire type, groups nested in groups included, that Google.Protobuf parses are read
/// whole under the limit the server applies to a body of their size, the reader counts exactly
/// the fields written (a group once), and one field fewer allowed refuses them.
/// </summary>
public sealed class FieldCountPropertyTests
{
    /// <summary>A body and the number of fields in it, groups and their contents counted.</summary>
    private sealed record Body(byte[] Bytes, long Fields);

    // Each byte of the script picks the next field; the bytes after a group's opening byte fill
    // the group until a closing pick. Shrinking a script shrinks the body.
    private static readonly Gen<Body> Bodies = Gen.Byte.Array[0, 120].Select(Build);

    [Fact]
    public void Every_body_Google_Protobuf_accepts_is_read_within_the_limit_for_its_size()
    {
        var options = new RaftServerOptions { ContentType = "application/x-test" };
        Bodies.Sample(
            body =>
            {
                Empty.Parser.ParseFrom(body.Bytes); // the oracle accepts it
                long limit = RequestBodyReader.MaxFields(body.Bytes.Length, options);
                Assert.Equal(body.Fields, SkipAll(body.Bytes, limit));
            },
            iter: 3_000);
    }

    [Fact]
    public void The_reader_counts_exactly_the_fields_written()
    {
        Bodies.Where(b => b.Fields > 1).Sample(
            body =>
            {
                Assert.Equal(body.Fields, SkipAll(body.Bytes, body.Fields));
                ProtoReadException refused = Assert.Throws<ProtoReadException>(() => SkipAll(body.Bytes, body.Fields - 1));
                Assert.True(refused.TooManyFields);
            },
            iter: 3_000);
    }

    /// <summary>What a generated ReadProto does with fields it does not know: skip them, counted.</summary>
    private static long SkipAll(byte[] bytes, long maxFields)
    {
        var reader = new ProtoReader(bytes, maxFields);
        while (reader.TryReadTag(out uint tag))
        {
            reader.Skip(tag);
        }

        return reader.FieldsRead;
    }

    private static Body Build(byte[] script)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        int position = 0;
        long fields = Write(output, script, ref position, depth: 0, closingNumber: 0);
        output.Flush();
        return new Body(stream.ToArray(), fields);
    }

    private static long Write(CodedOutputStream output, byte[] script, ref int position, int depth, int closingNumber)
    {
        long fields = 0;
        while (position < script.Length)
        {
            byte pick = script[position++];
            // Field numbers 1-15 take one-byte tags (the densest bodies), larger ones more.
            int number = (pick >> 3) % 2 == 0 ? 1 + (pick % 15) : 16 + (pick * 37 % 5000);
            switch (pick % 8)
            {
                case 0:
                case 1:
                    output.WriteTag(number, WireFormat.WireType.Varint);
                    output.WriteUInt64(pick % 2 == 0 ? pick : ulong.MaxValue / (ulong)(pick + 1));
                    break;
                case 2:
                    output.WriteTag(number, WireFormat.WireType.Fixed32);
                    output.WriteFixed32(pick);
                    break;
                case 3:
                    output.WriteTag(number, WireFormat.WireType.Fixed64);
                    output.WriteFixed64(pick);
                    break;
                case 4:
                    output.WriteTag(number, WireFormat.WireType.LengthDelimited);
                    output.WriteBytes(ByteString.CopyFrom(new byte[pick % 5]));
                    break;
                case 5:
                case 6:
                    if (depth < 4)
                    {
                        output.WriteTag(number, WireFormat.WireType.StartGroup);
                        fields += Write(output, script, ref position, depth + 1, number);
                        output.WriteTag(number, WireFormat.WireType.EndGroup);
                    }
                    else
                    {
                        output.WriteTag(number, WireFormat.WireType.Varint);
                        output.WriteUInt64(0);
                    }

                    break;
                default:
                    if (closingNumber != 0)
                    {
                        return fields; // the caller closes the group
                    }

                    output.WriteTag(number, WireFormat.WireType.Varint);
                    output.WriteUInt64(1);
                    break;
            }

            fields++;
        }

        return fields;
    }
}
