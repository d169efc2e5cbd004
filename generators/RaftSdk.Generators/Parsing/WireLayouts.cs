using System.Collections.Generic;
using RaftSdk.Generators.Model;
using RaftSdk.Generators.Proto;

namespace RaftSdk.Generators.Parsing;

/// <summary>
/// Decides each field's <see cref="WireLayout"/> from the .proto, and checks it against the
/// compiled protobuf class: the field number against protoc's <c>XFieldNumber</c> constant, the
/// .proto type against the C# type protoc gave the property. A .proto that disagrees is not the
/// one the class was compiled from, and a codec built from it would write other bytes than the
/// class does; the resolver reports that (RAFT034) instead of generating it.
/// </summary>
internal static class WireLayouts
{
    private const uint WireVarint = 0;
    private const uint WireFixed64 = 1;
    private const uint WireLengthDelimited = 2;
    private const uint WireFixed32 = 5;

    private static readonly Dictionary<string, ProtoFieldType> Scalars = new()
    {
        ["double"] = ProtoFieldType.Double,
        ["float"] = ProtoFieldType.Float,
        ["int64"] = ProtoFieldType.Int64,
        ["uint64"] = ProtoFieldType.UInt64,
        ["int32"] = ProtoFieldType.Int32,
        ["fixed64"] = ProtoFieldType.Fixed64,
        ["fixed32"] = ProtoFieldType.Fixed32,
        ["bool"] = ProtoFieldType.Bool,
        ["string"] = ProtoFieldType.String,
        ["bytes"] = ProtoFieldType.Bytes,
        ["uint32"] = ProtoFieldType.UInt32,
        ["sfixed32"] = ProtoFieldType.SFixed32,
        ["sfixed64"] = ProtoFieldType.SFixed64,
        ["sint32"] = ProtoFieldType.SInt32,
        ["sint64"] = ProtoFieldType.SInt64,
    };

    /// <summary>The layout of <paramref name="field"/>, or null: with <paramref name="mismatch"/> set when the .proto contradicts the compiled class, without it when this reader cannot decide (an edition file, a shape the direct codec does not write).</summary>
    /// <param name="mismatch">What the .proto says that the compiled class contradicts, worded to follow "the .proto ...".</param>
    public static WireLayout? Decide(ProtoMessage message, ProtoField? protoField, FieldDraft field, out string? mismatch)
    {
        mismatch = null;
        ConversionSpec conversion = field.Conversion;
        if (conversion.Shape == ValueShape.None || message.Syntax == ProtoSyntax.Editions)
        {
            return null;
        }

        if (protoField is null)
        {
            mismatch = "has no field protoc would name '" + field.ProtoPropertyName + "' nor one numbered " + Text(field.CompiledNumber);
            return null;
        }

        if (field.CompiledNumber != 0 && protoField.Number != field.CompiledNumber)
        {
            mismatch = "numbers field '" + protoField.Name + "' " + Text(protoField.Number) + " where the compiled class has " + Text(field.CompiledNumber);
            return null;
        }

        ProtoFieldType? type = TypeOf(protoField.Type, conversion.WireKind);
        if (type is null)
        {
            mismatch = "declares field '" + protoField.Name + "' as '" + protoField.Type + "' where the compiled class holds a " + conversion.WireElementType;
            return null;
        }

        bool repeated = conversion.Collection != CollectionKind.None;
        uint wireType = WireTypeOf(type.Value);
        bool packed = repeated && wireType != WireLengthDelimited && (protoField.Packed ?? message.Syntax == ProtoSyntax.Proto3);
        bool hasPresence = !repeated && (field.ProtoHasPresence || type == ProtoFieldType.Message);
        uint number = (uint)protoField.Number;
        uint tag = (number << 3) | wireType;
        return new WireLayout(protoField.Number, type.Value, hasPresence, packed, tag, VarintSize(tag), (number << 3) | WireLengthDelimited);
    }

    /// <summary>The .proto type, if protoc compiles it to the C# type the class holds (<paramref name="wireKind"/>).</summary>
    private static ProtoFieldType? TypeOf(string protoType, WireValueKind wireKind)
    {
        if (!Scalars.TryGetValue(protoType, out ProtoFieldType scalar))
        {
            // A message or enum name: the class's C# type says which.
            return wireKind switch
            {
                WireValueKind.Enum => ProtoFieldType.Enum,
                WireValueKind.Message => ProtoFieldType.Message,
                _ => null,
            };
        }

        bool fits = wireKind switch
        {
            WireValueKind.UInt64 => scalar is ProtoFieldType.UInt64 or ProtoFieldType.Fixed64,
            WireValueKind.Int64 => scalar is ProtoFieldType.Int64 or ProtoFieldType.SInt64 or ProtoFieldType.SFixed64,
            WireValueKind.Int32 => scalar is ProtoFieldType.Int32 or ProtoFieldType.SInt32 or ProtoFieldType.SFixed32,
            WireValueKind.UInt32 => scalar is ProtoFieldType.UInt32 or ProtoFieldType.Fixed32,
            WireValueKind.Bool => scalar == ProtoFieldType.Bool,
            WireValueKind.Float => scalar == ProtoFieldType.Float,
            WireValueKind.Double => scalar == ProtoFieldType.Double,
            WireValueKind.String => scalar == ProtoFieldType.String,
            WireValueKind.ByteString => scalar == ProtoFieldType.Bytes,
            _ => false,
        };
        return fits ? scalar : null;
    }

    private static uint WireTypeOf(ProtoFieldType type) => type switch
    {
        ProtoFieldType.Double or ProtoFieldType.Fixed64 or ProtoFieldType.SFixed64 => WireFixed64,
        ProtoFieldType.Float or ProtoFieldType.Fixed32 or ProtoFieldType.SFixed32 => WireFixed32,
        ProtoFieldType.String or ProtoFieldType.Bytes or ProtoFieldType.Message => WireLengthDelimited,
        _ => WireVarint,
    };

    private static int VarintSize(uint value)
    {
        int size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private static string Text(int number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
