using System;
using System.Runtime.CompilerServices;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace RaftSdk.Mapping;

/// <summary>
/// Sizes of what <see cref="ProtoWriter"/> writes, for generated <see cref="IProtoWritable.CalculateProtoSize"/>
/// code: <c>Of</c> mirrors <c>ProtoWriter.Write</c> (0 when the field is left out), <c>Element</c>
/// mirrors <c>WriteElement</c>, <c>PackedValue</c> and <c>Packed</c> a packed run.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class ProtoSize
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Size of a <c>ulong</c> field, 0 when left out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(ProtoFieldInfo field, ulong value) => value != 0 || field.HasPresence ? Element(field, value) : 0;

    /// <summary>Size of a <c>long</c> field, 0 when left out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(ProtoFieldInfo field, long value) => value != 0 || field.HasPresence ? Element(field, value) : 0;

    /// <summary>Size of an <c>int</c> field, 0 when left out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(ProtoFieldInfo field, int value) => value != 0 || field.HasPresence ? Element(field, value) : 0;

    /// <summary>Size of a <c>uint</c> field, 0 when left out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(ProtoFieldInfo field, uint value) => value != 0 || field.HasPresence ? Element(field, value) : 0;

    /// <summary>Size of a bool field, 0 when left out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(ProtoFieldInfo field, bool value) => value || field.HasPresence ? Element(field, value) : 0;

    /// <summary>Size of a float field, 0 when left out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(ProtoFieldInfo field, float value) => BitConverter.SingleToInt32Bits(value) != 0 || field.HasPresence ? Element(field, value) : 0;

    /// <summary>Size of a double field, 0 when left out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(ProtoFieldInfo field, double value) => BitConverter.DoubleToInt64Bits(value) != 0 || field.HasPresence ? Element(field, value) : 0;

    /// <summary>Size of a string field, 0 when left out.</summary>
    public static int Of(ProtoFieldInfo field, string value) => value.Length != 0 || field.HasPresence ? Element(field, value) : 0;

    /// <summary>Size of a bytes field, 0 when left out.</summary>
    public static int Of(ProtoFieldInfo field, ReadOnlySpan<byte> value) => value.Length != 0 || field.HasPresence ? Element(field, value) : 0;

    /// <summary>Size of one element: tag and value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Element(ProtoFieldInfo field, ulong value) => field.TagSize + PackedValue(field, value);

    /// <summary>Size of one element: tag and value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Element(ProtoFieldInfo field, long value) => field.TagSize + PackedValue(field, value);

    /// <summary>Size of one element: tag and value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Element(ProtoFieldInfo field, int value) => field.TagSize + PackedValue(field, value);

    /// <summary>Size of one element: tag and value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Element(ProtoFieldInfo field, uint value) => field.TagSize + PackedValue(field, value);

    /// <summary>Size of one element: tag and value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Element(ProtoFieldInfo field, bool value) => field.TagSize + 1;

    /// <summary>Size of one element: tag and value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Element(ProtoFieldInfo field, float value) => field.TagSize + 4;

    /// <summary>Size of one element: tag and value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Element(ProtoFieldInfo field, double value) => field.TagSize + 8;

    /// <summary>Size of one string element: tag, length and UTF-8 bytes.</summary>
    public static int Element(ProtoFieldInfo field, string value)
    {
        int length = Utf8.GetByteCount(value);
        return field.TagSize + CodedOutputStream.ComputeLengthSize(length) + length;
    }

    /// <summary>Size of one bytes element: tag, length and bytes.</summary>
    public static int Element(ProtoFieldInfo field, ReadOnlySpan<byte> value) =>
        field.TagSize + CodedOutputStream.ComputeLengthSize(value.Length) + value.Length;

    /// <summary>Size of a nested message: tag, length and body.</summary>
    public static int Message(ProtoFieldInfo field, IProtoWritable message)
    {
        ArgumentNullException.ThrowIfNull(message);
        int length = message.CalculateProtoSize();
        return field.TagSize + CodedOutputStream.ComputeLengthSize(length) + length;
    }

    /// <summary>Size of a packed run whose values take <paramref name="length"/> bytes; 0 for an empty run.</summary>
    public static int Packed(ProtoFieldInfo field, int length) =>
        length == 0 ? 0 : field.TagSize + CodedOutputStream.ComputeLengthSize(length) + length;

    /// <summary>Size of a value in a packed run (no tag).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PackedValue(ProtoFieldInfo field, ulong value) =>
        field.Type == FieldType.Fixed64 ? 8 : CodedOutputStream.ComputeRawVarint64Size(value);

    /// <summary>Size of a value in a packed run (no tag).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PackedValue(ProtoFieldInfo field, long value) => field.Type switch
    {
        FieldType.SFixed64 => 8,
        FieldType.SInt64 => CodedOutputStream.ComputeRawVarint64Size((ulong)((value << 1) ^ (value >> 63))),
        _ => CodedOutputStream.ComputeRawVarint64Size((ulong)value),
    };

    /// <summary>Size of a value in a packed run (no tag).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PackedValue(ProtoFieldInfo field, int value) => field.Type switch
    {
        FieldType.SFixed32 => 4,
        FieldType.SInt32 => CodedOutputStream.ComputeRawVarint32Size((uint)((value << 1) ^ (value >> 31))),
        _ => CodedOutputStream.ComputeRawVarint64Size((ulong)(long)value),
    };

    /// <summary>Size of a value in a packed run (no tag).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PackedValue(ProtoFieldInfo field, uint value) =>
        field.Type == FieldType.Fixed32 ? 4 : CodedOutputStream.ComputeRawVarint32Size(value);

    /// <summary>Size of a value in a packed run (no tag).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PackedValue(ProtoFieldInfo field, bool value) => 1;

    /// <summary>Size of a value in a packed run (no tag).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PackedValue(ProtoFieldInfo field, float value) => 4;

    /// <summary>Size of a value in a packed run (no tag).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PackedValue(ProtoFieldInfo field, double value) => 8;
}
