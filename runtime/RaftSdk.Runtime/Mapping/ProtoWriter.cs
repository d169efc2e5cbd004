using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Google.Protobuf;

namespace RaftSdk.Mapping;

/// <summary>
/// Writes protobuf values into a span, for generated <see cref="IProtoWritable"/> code, which
/// writes each field's tag first (a constant) and leaves out what Google.Protobuf would leave out.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public ref struct ProtoWriter
{
    // Three UTF-8 bytes per char at most: 42 chars always fit a one-byte length.
    private const int MaxShortStringChars = 42;

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly Span<byte> _buffer;
    private int _position;

    /// <summary>Creates a writer that fills <paramref name="buffer"/> from its start.</summary>
    /// <param name="buffer">The destination.</param>
    public ProtoWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>The number of bytes written so far.</summary>
    public readonly int Position => _position;

    // One method per protobuf type, tag apart: the generator knows each field's number, type and
    // presence from the .proto, so generated code writes the tag as a constant, decides at compile
    // time whether a default value is left out, and calls the one writer the type needs.

    /// <summary>Writes a tag (or any varint-encoded <c>uint</c>): generated code passes a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteTag(uint tag) => WriteVarint(tag);

    /// <summary>Writes a uint64 value (varint).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUInt64(ulong value) => WriteVarint(value);

    /// <summary>Writes an int64 value (varint).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt64(long value) => WriteVarint((ulong)value);

    /// <summary>Writes an int32 or enum value (varint; a negative value is sign-extended to ten bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt32(int value) => WriteVarint((ulong)(long)value);

    /// <summary>Writes a uint32 value (varint).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUInt32(uint value) => WriteVarint(value);

    /// <summary>Writes a sint64 value (zigzag varint).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteSInt64(long value) => WriteVarint((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Writes a sint32 value (zigzag varint).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteSInt32(int value) => WriteVarint((uint)((value << 1) ^ (value >> 31)));

    /// <summary>Writes a fixed64 value (eight bytes, little-endian).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteFixed64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.Slice(_position, 8), value);
        _position += 8;
    }

    /// <summary>Writes an sfixed64 value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteSFixed64(long value) => WriteFixed64((ulong)value);

    /// <summary>Writes a fixed32 value (four bytes, little-endian).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteFixed32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.Slice(_position, 4), value);
        _position += 4;
    }

    /// <summary>Writes an sfixed32 value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteSFixed32(int value) => WriteFixed32((uint)value);

    /// <summary>Writes a bool value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteBool(bool value) => _buffer[_position++] = value ? (byte)1 : (byte)0;

    /// <summary>Writes a float value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteFloat(float value) => WriteFixed32((uint)BitConverter.SingleToInt32Bits(value));

    /// <summary>Writes a double value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteDouble(double value) => WriteFixed64((ulong)BitConverter.DoubleToInt64Bits(value));

    /// <summary>Writes the length of a packed run (after its tag).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteLength(int length) => WriteVarint((uint)length);

    /// <summary>Writes a string value (UTF-8, length-prefixed).</summary>
    public void WriteString(string value)
    {
        if (value.Length <= MaxShortStringChars)
        {
            // At most 127 UTF-8 bytes: the one-byte length goes in front of bytes encoded in place.
            Span<byte> destination = _buffer.Slice(_position + 1);
            int written = ProtoSize.TryWriteAscii(value, destination) ? value.Length : Utf8.GetBytes(value, destination);
            _buffer[_position] = (byte)written;
            _position += 1 + written;
            return;
        }

        int length = Utf8.GetByteCount(value);
        WriteVarint((uint)length);
        _position += Utf8.GetBytes(value, _buffer.Slice(_position, length));
    }

    /// <summary>Writes a bytes value (length-prefixed).</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteVarint((uint)value.Length);
        value.CopyTo(_buffer.Slice(_position));
        _position += value.Length;
    }

    /// <summary>Writes a nested message (after its tag): length, then body.</summary>
    public void WriteMessage(IProtoWritable message)
    {
        ArgumentNullException.ThrowIfNull(message);

        // The body is written after a one-byte length and moved up when its length needs more:
        // sizing every nested message again (its strings counted a second time) costs more than
        // moving ~150 bytes. It stays in bounds: the whole message was sized exactly beforehand,
        // so the moved body ends where it would have ended anyway.
        int start = _position;
        _position++;
        message.WriteProto(ref this);
        int length = _position - start - 1;
        if (length < 0x80)
        {
            _buffer[start] = (byte)length;
            return;
        }

        int prefix = CodedOutputStream.ComputeRawVarint32Size((uint)length);
        _buffer.Slice(start + 1, length).CopyTo(_buffer.Slice(start + prefix));
        _position = start;
        WriteVarint((uint)length);
        _position = start + prefix + length;
    }

    /// <summary>Writes a Google.Protobuf message's body as it is (the fallback for records the generator cannot write directly).</summary>
    /// <param name="message">The message.</param>
    public void WriteMessageBody(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        int size = message.CalculateSize();
        message.WriteTo(_buffer.Slice(_position, size));
        _position += size;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteVarint(ulong value)
    {
        if (value < 0x80)
        {
            _buffer[_position++] = (byte)value;
            return;
        }

        WriteLongVarint(value);
    }

    private void WriteLongVarint(ulong value)
    {
        Span<byte> buffer = _buffer;
        int position = _position;
        while (value >= 0x80)
        {
            buffer[position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[position++] = (byte)value;
        _position = position;
    }
}
