using System;
using System.Linq;
using CsCheck;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using RaftSdk.Generators.RoundTripTests.Infrastructure;
using RaftSdk.Generators.RoundTripTests.Shapes;
using RaftSdk.Generators.RoundTripTests.Wire;
using RaftSdk.Mapping;
using Xunit;

namespace RaftSdk.Generators.RoundTripTests;

/// <summary>
/// Differential property tests over every field shape the generator maps (shapes.proto): random
/// messages built and serialized by Google.Protobuf, with random unknown fields, wrong wire types
/// and a second message appended (protobuf merge: last value wins, repeated fields concatenate),
/// are read by FromProto(Parser.ParseFrom) and by the direct ReadProto; both records must write,
/// through WriteProto and through ToProto, bytes that Google.Protobuf reads back as the message it
/// parsed (unknown fields dropped, and for plain properties present defaults dropped). Both
/// directions, presence included, against Google.Protobuf as the oracle.
/// </summary>
public sealed class DifferentialPropertyTests
{
    /// <summary>Cases per property; seven properties: 7 x 5,000 = 35,000 cases a run.</summary>
    internal const long Iterations = 5_000;

    private static readonly Gen<byte[]> Extra = WireGen.Unknown;

    /// <summary>One message, or two concatenated (a merge), each followed by unknown fields.</summary>
    private static Gen<byte[]> Wire<T>(Gen<T> message)
        where T : IMessage<T> =>
        Gen.Select(message, Extra, Gen.Bool, message, Extra, (first, unknown1, twice, second, unknown2) =>
        {
            byte[] one = first.ToByteArray().Concat(unknown1).ToArray();
            return twice ? one.Concat(second.ToByteArray()).Concat(unknown2).ToArray() : one;
        });

    private static void Agree<TPb, TRecord>(
        byte[] bytes,
        MessageParser<TPb> parser,
        Func<TPb, TRecord> fromProto,
        ProtoRead<TRecord> readProto,
        Func<TRecord, TPb> toProto,
        bool plain)
        where TPb : IMessage<TPb>
        where TRecord : IProtoWritable
    {
        TPb expected = parser.WithDiscardUnknownFields(true).ParseFrom(bytes);
        if (plain)
        {
            DropPresentDefaults(expected);
        }

        TRecord viaGoogle = fromProto(parser.ParseFrom(bytes));
        TRecord direct = Codec.Read(bytes, readProto);
        foreach (TRecord record in new[] { viaGoogle, direct })
        {
            byte[] written = Codec.Write(record);
            Assert.Equal(toProto(record).ToByteArray(), written);
            Assert.Equal(expected, parser.ParseFrom(written));
        }
    }

    /// <summary>A plain (non-nullable) property cannot say "present and zero": such a field comes back absent.</summary>
    private static void DropPresentDefaults(IMessage message)
    {
        foreach (FieldDescriptor field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.IsRepeated || field.FieldType == FieldType.Message || !field.HasPresence || !field.Accessor.HasValue(message))
            {
                continue;
            }

            object value = field.Accessor.GetValue(message);
            bool isDefault = value switch
            {
                string text => text.Length == 0,
                ByteString bytes => bytes.IsEmpty,
                float f => BitConverter.SingleToInt32Bits(f) == 0,
                double d => BitConverter.DoubleToInt64Bits(d) == 0,
                Enum e => Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture) == 0,
                _ => value.Equals(Activator.CreateInstance(value.GetType())),
            };
            if (isDefault)
            {
                field.Accessor.Clear(message);
            }
        }
    }

    [Fact]
    public void Optional_fields_with_nullable_properties_keep_presence_both_ways() =>
        Wire(WireGen.Optional(absent: 0.4)).Sample(
            bytes => Agree(bytes, OptionalPb.Parser, OptionalShapes.FromProto, static (ref ProtoReader r) => OptionalShapes.ReadProto(ref r), r => r.ToProto(), plain: false),
            iter: Iterations);

    [Fact]
    public void Optional_fields_with_plain_properties_read_absent_as_default_and_drop_defaults() =>
        Wire(WireGen.Optional(absent: 0.4)).Sample(
            bytes => Agree(bytes, OptionalPb.Parser, PlainOptionalShapes.FromProto, static (ref ProtoReader r) => PlainOptionalShapes.ReadProto(ref r), r => r.ToProto(), plain: true),
            iter: Iterations);

    [Fact]
    public void Required_fields_round_trip_and_are_always_written() =>
        Wire(WireGen.Required(absent: 0)).Sample(
            bytes => Agree(bytes, RequiredPb.Parser, RequiredShapes.FromProto, static (ref ProtoReader r) => RequiredShapes.ReadProto(ref r), r => r.ToProto(), plain: false),
            iter: Iterations);

    [Fact]
    public void Repeated_fields_packed_and_unpacked_round_trip() =>
        Wire(WireGen.Repeated).Sample(
            bytes => Agree(bytes, RepeatedPb.Parser, RepeatedShapes.FromProto, static (ref ProtoReader r) => RepeatedShapes.ReadProto(ref r), r => r.ToProto(), plain: false),
            iter: Iterations);

    [Fact]
    public void Proto3_implicit_and_optional_fields_round_trip() =>
        Wire(WireGen.Implicit(absent: 0.4)).Sample(
            bytes => Agree(bytes, Wire3.ImplicitPb.Parser, ImplicitShapes.FromProto, static (ref ProtoReader r) => ImplicitShapes.ReadProto(ref r), r => r.ToProto(), plain: false),
            iter: Iterations);

    /// <summary>Repeated scalars arrive packed or unpacked whatever the .proto says; a reader takes both (and both in one message).</summary>
    [Fact]
    public void Repeated_scalars_read_packed_and_unpacked_alike() =>
        WireGen.Repeated.Sample(
            message =>
            {
                byte[] flipped = FlipPacking(message);
                Assert.Equal(message, RepeatedPb.Parser.ParseFrom(flipped));
                Agree(flipped, RepeatedPb.Parser, RepeatedShapes.FromProto, static (ref ProtoReader r) => RepeatedShapes.ReadProto(ref r), r => r.ToProto(), plain: false);
            },
            iter: Iterations);

    /// <summary>A message missing a required field: ReadProto refuses it exactly when IsProtoComplete says it is incomplete.</summary>
    [Fact]
    public void Missing_required_fields_are_refused_exactly_when_incomplete() =>
        WireGen.Required(absent: 0.05).Sample(
            message =>
            {
                byte[] bytes = message.ToByteArray();
                bool complete = RequiredShapes.IsProtoComplete(RequiredPb.Parser.ParseFrom(bytes));
                Assert.Equal(message.IsInitialized(), complete);
                bool refused = false;
                try
                {
                    Codec.Read(bytes, static (ref ProtoReader r) => RequiredShapes.ReadProto(ref r));
                }
                catch (ProtoReadException e) when (e.MissingRequiredField)
                {
                    refused = true;
                }

                Assert.Equal(!complete, refused);
            },
            iter: Iterations);

    /// <summary>The message re-encoded with every packed repeated scalar unpacked and every unpacked one packed.</summary>
    private static byte[] FlipPacking(RepeatedPb message)
    {
        using var stream = new System.IO.MemoryStream();
        var output = new CodedOutputStream(stream);
        foreach (FieldDescriptor field in RepeatedPb.Descriptor.Fields.InFieldNumberOrder())
        {
            var values = (System.Collections.IList)field.Accessor.GetValue(message);
            bool scalar = field.FieldType is not (FieldType.String or FieldType.Bytes or FieldType.Message);
            if (!scalar || values.Count == 0)
            {
                continue;
            }

            if (field.IsPacked)
            {
                foreach (object value in values)
                {
                    output.WriteTag(field.FieldNumber, WireTypeOf(field.FieldType));
                    WriteScalar(output, field.FieldType, value);
                }
            }
            else
            {
                using var packed = new System.IO.MemoryStream();
                var inner = new CodedOutputStream(packed);
                foreach (object value in values)
                {
                    WriteScalar(inner, field.FieldType, value);
                }

                inner.Flush();
                output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(packed.ToArray()));
            }
        }

        output.Flush();
        var rest = message.Clone();
        foreach (FieldDescriptor field in RepeatedPb.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType is not (FieldType.String or FieldType.Bytes or FieldType.Message))
            {
                field.Accessor.Clear(rest);
            }
        }

        return stream.ToArray().Concat(rest.ToByteArray()).ToArray();
    }

    private static WireFormat.WireType WireTypeOf(FieldType type) => type switch
    {
        FieldType.Fixed32 or FieldType.SFixed32 or FieldType.Float => WireFormat.WireType.Fixed32,
        FieldType.Fixed64 or FieldType.SFixed64 or FieldType.Double => WireFormat.WireType.Fixed64,
        _ => WireFormat.WireType.Varint,
    };

    private static void WriteScalar(CodedOutputStream output, FieldType type, object value)
    {
        switch (type)
        {
            case FieldType.Int32: output.WriteInt32((int)value); break;
            case FieldType.Int64: output.WriteInt64((long)value); break;
            case FieldType.UInt32: output.WriteUInt32((uint)value); break;
            case FieldType.UInt64: output.WriteUInt64((ulong)value); break;
            case FieldType.SInt32: output.WriteSInt32((int)value); break;
            case FieldType.SInt64: output.WriteSInt64((long)value); break;
            case FieldType.Fixed32: output.WriteFixed32((uint)value); break;
            case FieldType.Fixed64: output.WriteFixed64((ulong)value); break;
            case FieldType.SFixed32: output.WriteSFixed32((int)value); break;
            case FieldType.SFixed64: output.WriteSFixed64((long)value); break;
            case FieldType.Bool: output.WriteBool((bool)value); break;
            case FieldType.Float: output.WriteFloat((float)value); break;
            case FieldType.Double: output.WriteDouble((double)value); break;
            case FieldType.Enum: output.WriteEnum(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            default: throw new ArgumentOutOfRangeException(nameof(type), type, null);
        }
    }
}
