using System;
using System.Runtime.CompilerServices;
using System.Text;
using Google.Protobuf;

namespace RaftSdk.Mapping;

/// <summary>
/// Sizes of the values <see cref="ProtoWriter"/> writes, tag apart, for generated
/// <see cref="IProtoWritable.CalculateProtoSize"/> code: the generator adds each tag's size and
/// the sizes of fixed-width values as constants, so only what depends on the value is here.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class ProtoSize
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Size of a uint64 value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int UInt64(ulong value) => CodedOutputStream.ComputeRawVarint64Size(value);

    /// <summary>Size of an int64 value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Int64(long value) => CodedOutputStream.ComputeRawVarint64Size((ulong)value);

    /// <summary>Size of an int32 or enum value (ten bytes when negative).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Int32(int value) => CodedOutputStream.ComputeRawVarint64Size((ulong)(long)value);

    /// <summary>Size of a uint32 value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int UInt32(uint value) => CodedOutputStream.ComputeRawVarint32Size(value);

    /// <summary>Size of a sint64 value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SInt64(long value) => CodedOutputStream.ComputeRawVarint64Size((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Size of a sint32 value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SInt32(int value) => CodedOutputStream.ComputeRawVarint32Size((uint)((value << 1) ^ (value >> 31)));

    /// <summary>Size of a string value: length and UTF-8 bytes.</summary>
    public static int String(string value)
    {
        int length = value.Length <= ShortAsciiChars && IsAscii(value) ? value.Length : Utf8.GetByteCount(value);
        return CodedOutputStream.ComputeLengthSize(length) + length;
    }

    // Short strings (the tags on every entry of an append) are mostly ASCII: a plain loop over a
    // few chars costs a fraction of the UTF-8 transcoder's entry and setup, twice per string (size, write).
    internal const int ShortAsciiChars = 42;

    internal static bool IsAscii(string value)
    {
        foreach (char c in value)
        {
            if (c > 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes <paramref name="value"/> as ASCII bytes; false (with some bytes written) when a char is not ASCII or the destination is too short.</summary>
    internal static bool TryWriteAscii(string value, Span<byte> destination)
    {
        if (destination.Length < value.Length)
        {
            return false;
        }

        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c > 0x7F)
            {
                return false;
            }

            destination[i] = (byte)c;
        }

        return true;
    }

    /// <summary>Size of a bytes value: length and bytes.</summary>
    public static int Bytes(ReadOnlySpan<byte> value) => CodedOutputStream.ComputeLengthSize(value.Length) + value.Length;

    /// <summary>Size of a nested message: length and body.</summary>
    public static int Message(IProtoWritable message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Length(message.CalculateProtoSize());
    }

    /// <summary>Size of a length-delimited run of <paramref name="length"/> bytes (a packed run): its length prefix and the bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Length(int length) => CodedOutputStream.ComputeLengthSize(length) + length;
}
