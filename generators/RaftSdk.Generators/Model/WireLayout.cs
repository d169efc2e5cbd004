namespace RaftSdk.Generators.Model;

/// <summary>A field's type as the .proto declares it: with the field number it fixes the bytes (varint, zigzag or fixed width).</summary>
internal enum ProtoFieldType
{
    Double,
    Float,
    Int64,
    UInt64,
    Int32,
    Fixed64,
    Fixed32,
    Bool,
    String,
    Bytes,
    UInt32,
    SFixed32,
    SFixed64,
    SInt32,
    SInt64,
    Enum,
    Message,
}

/// <summary>
/// Where and how one field goes on the wire, decided by the parser from the .proto (cross-checked
/// with the compiled protobuf class): generated code writes these as constants, so nothing is
/// looked up in Google.Protobuf's descriptors at run time.
/// </summary>
/// <param name="Number">The field number.</param>
/// <param name="Type">The .proto type.</param>
/// <param name="HasPresence">Google.Protobuf writes a set default value (proto2, proto3 <c>optional</c>, messages); without presence a default is left out.</param>
/// <param name="IsPacked">A repeated scalar written as one length-delimited run.</param>
/// <param name="Tag">The tag of one value: number and wire type.</param>
/// <param name="TagSize">The bytes <paramref name="Tag"/> takes as a varint (also those of <paramref name="PackedTag"/>).</param>
/// <param name="PackedTag">The tag of a packed run (length-delimited).</param>
internal sealed record WireLayout(int Number, ProtoFieldType Type, bool HasPresence, bool IsPacked, uint Tag, int TagSize, uint PackedTag);
