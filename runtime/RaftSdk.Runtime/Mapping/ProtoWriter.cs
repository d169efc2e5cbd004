using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace RaftSdk.Mapping;

/// <summary>
/// Writes protobuf fields into a span, for generated <see cref="IProtoWritable"/> code. The
/// <c>Write</c> methods follow Google.Protobuf's rules for a field that was set: a field without
/// presence (proto3 implicit) is left out when it holds its default, any other is written.
/// <c>WriteElement</c> writes one unpacked element of a repeated field, always.
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

    /// <summary>Writes a field of C# type <c>ulong</c> (uint64 or fixed64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ProtoFieldInfo field, ulong value)
    {
        if (value != 0 || field.HasPresence)
        {
            WriteElement(field, value);
        }
    }

    /// <summary>Writes a field of C# type <c>long</c> (int64, sint64 or sfixed64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ProtoFieldInfo field, long value)
    {
        if (value != 0 || field.HasPresence)
        {
            WriteElement(field, value);
        }
    }

    /// <summary>Writes a field of C# type <c>int</c> (int32, sint32, sfixed32 or an enum value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ProtoFieldInfo field, int value)
    {
        if (value != 0 || field.HasPresence)
        {
            WriteElement(field, value);
        }
    }

    /// <summary>Writes a field of C# type <c>uint</c> (uint32 or fixed32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ProtoFieldInfo field, uint value)
    {
        if (value != 0 || field.HasPresence)
        {
            WriteElement(field, value);
        }
    }

    /// <summary>Writes a bool field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ProtoFieldInfo field, bool value)
    {
        if (value || field.HasPresence)
        {
            WriteElement(field, value);
        }
    }

    /// <summary>Writes a float field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ProtoFieldInfo field, float value)
    {
        if (BitConverter.SingleToInt32Bits(value) != 0 || field.HasPresence)
        {
            WriteElement(field, value);
        }
    }

    /// <summary>Writes a double field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ProtoFieldInfo field, double value)
    {
        if (BitConverter.DoubleToInt64Bits(value) != 0 || field.HasPresence)
        {
            WriteElement(field, value);
        }
    }

    /// <summary>Writes a string field (UTF-8).</summary>
    public void Write(ProtoFieldInfo field, string value)
    {
        if (value.Length != 0 || field.HasPresence)
        {
            WriteElement(field, value);
        }
    }

    /// <summary>Writes a bytes field.</summary>
    public void Write(ProtoFieldInfo field, ReadOnlySpan<byte> value)
    {
        if (value.Length != 0 || field.HasPresence)
        {
            WriteElement(field, value);
        }
    }

    /// <summary>Writes one element (or a set value) of C# type <c>ulong</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteElement(ProtoFieldInfo field, ulong value)
    {
        WriteVarint(field.Tag);
        WriteValue(field, value);
    }

    /// <summary>Writes one element of C# type <c>long</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteElement(ProtoFieldInfo field, long value)
    {
        WriteVarint(field.Tag);
        WriteValue(field, value);
    }

    /// <summary>Writes one element of C# type <c>int</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteElement(ProtoFieldInfo field, int value)
    {
        WriteVarint(field.Tag);
        WriteValue(field, value);
    }

    /// <summary>Writes one element of C# type <c>uint</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteElement(ProtoFieldInfo field, uint value)
    {
        WriteVarint(field.Tag);
        WriteValue(field, value);
    }

    /// <summary>Writes one bool element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteElement(ProtoFieldInfo field, bool value)
    {
        WriteVarint(field.Tag);
        WriteValue(field, value);
    }

    /// <summary>Writes one float element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteElement(ProtoFieldInfo field, float value)
    {
        WriteVarint(field.Tag);
        WriteValue(field, value);
    }

    /// <summary>Writes one double element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteElement(ProtoFieldInfo field, double value)
    {
        WriteVarint(field.Tag);
        WriteValue(field, value);
    }

    /// <summary>Writes one string element (UTF-8, length-prefixed).</summary>
    public void WriteElement(ProtoFieldInfo field, string value)
    {
        WriteVarint(field.Tag);
        if (value.Length <= MaxShortStringChars)
        {
            // At most 127 UTF-8 bytes: the one-byte length goes in front of bytes encoded in place.
            int written = Utf8.GetBytes(value, _buffer.Slice(_position + 1));
            _buffer[_position] = (byte)written;
            _position += 1 + written;
            return;
        }

        int length = Utf8.GetByteCount(value);
        WriteVarint((uint)length);
        _position += Utf8.GetBytes(value, _buffer.Slice(_position, length));
    }

    /// <summary>Writes one bytes element (length-prefixed).</summary>
    public void WriteElement(ProtoFieldInfo field, ReadOnlySpan<byte> value)
    {
        WriteVarint(field.Tag);
        WriteVarint((uint)value.Length);
        value.CopyTo(_buffer.Slice(_position));
        _position += value.Length;
    }

    /// <summary>Writes a nested message (or one element of a repeated message field): tag, length, body.</summary>
    public void WriteMessage(ProtoFieldInfo field, IProtoWritable message)
    {
        ArgumentNullException.ThrowIfNull(message);
        WriteVarint(field.Tag);

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

    /// <summary>Starts a packed run of <paramref name="length"/> bytes; nothing is written for an empty run.</summary>
    public void WritePackedHeader(ProtoFieldInfo field, int length)
    {
        if (length > 0)
        {
            WriteVarint(field.PackedTag);
            WriteVarint((uint)length);
        }
    }

    /// <summary>Writes a value of a packed run (no tag).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WritePacked(ProtoFieldInfo field, ulong value) => WriteValue(field, value);

    /// <summary>Writes a value of a packed run (no tag).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WritePacked(ProtoFieldInfo field, long value) => WriteValue(field, value);

    /// <summary>Writes a value of a packed run (no tag).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WritePacked(ProtoFieldInfo field, int value) => WriteValue(field, value);

    /// <summary>Writes a value of a packed run (no tag).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WritePacked(ProtoFieldInfo field, uint value) => WriteValue(field, value);

    /// <summary>Writes a value of a packed run (no tag).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WritePacked(ProtoFieldInfo field, bool value) => WriteValue(field, value);

    /// <summary>Writes a value of a packed run (no tag).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WritePacked(ProtoFieldInfo field, float value) => WriteValue(field, value);

    /// <summary>Writes a value of a packed run (no tag).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WritePacked(ProtoFieldInfo field, double value) => WriteValue(field, value);

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
    private void WriteValue(ProtoFieldInfo field, ulong value)
    {
        if (field.Type == FieldType.Fixed64)
        {
            WriteFixed64(value);
        }
        else
        {
            WriteVarint(value);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteValue(ProtoFieldInfo field, long value)
    {
        switch (field.Type)
        {
            case FieldType.SFixed64:
                WriteFixed64((ulong)value);
                break;
            case FieldType.SInt64:
                WriteVarint((ulong)((value << 1) ^ (value >> 63)));
                break;
            default:
                WriteVarint((ulong)value);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteValue(ProtoFieldInfo field, int value)
    {
        switch (field.Type)
        {
            case FieldType.SFixed32:
                WriteFixed32((uint)value);
                break;
            case FieldType.SInt32:
                WriteVarint((uint)((value << 1) ^ (value >> 31)));
                break;
            default:
                // int32 and enums: a negative value is sign-extended to ten bytes.
                WriteVarint((ulong)(long)value);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteValue(ProtoFieldInfo field, uint value)
    {
        if (field.Type == FieldType.Fixed32)
        {
            WriteFixed32(value);
        }
        else
        {
            WriteVarint(value);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteValue(ProtoFieldInfo field, bool value) => _buffer[_position++] = value ? (byte)1 : (byte)0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteValue(ProtoFieldInfo field, float value) => WriteFixed32((uint)BitConverter.SingleToInt32Bits(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteValue(ProtoFieldInfo field, double value) => WriteFixed64((ulong)BitConverter.DoubleToInt64Bits(value));

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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteFixed64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.Slice(_position, 8), value);
        _position += 8;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteFixed32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.Slice(_position, 4), value);
        _position += 4;
    }
}
