using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;

namespace RaftSdk.Mapping;

/// <summary>
/// Reads protobuf fields from one array, for generated <c>ReadProto</c> methods that build message
/// records straight from the bytes (no Google.Protobuf object graph). Bytes fields read as
/// <see cref="ReadOnlyMemory{T}"/> are slices of the array, not copies, so the array must belong
/// to the message from then on. Malformed input throws <see cref="ProtoReadException"/>.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public ref struct ProtoReader
{
    /// <summary>Google.Protobuf's default recursion limit.</summary>
    public const int MaxDepth = 100;

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Short strings recur (tags on every entry): the last few decoded ones are remembered by
    // their place in the array and handed out again when the same bytes come back.
    private const int MaxRememberedLength = 64;

    private readonly byte[] _array;
    private int _position;
    private int _limit;
    private int _depth;
    private int _next;
    private readonly long _maxFields;
    private long _fieldsRead;
    private (int Offset, int Length, string? Text) _text0;
    private (int Offset, int Length, string? Text) _text1;
    private (int Offset, int Length, string? Text) _text2;
    private (int Offset, int Length, string? Text) _text3;
    private string[]? _lastStrings;

    /// <summary>Reads <paramref name="array"/> whole.</summary>
    /// <param name="array">The message bytes; bytes fields may keep slices of it.</param>
    public ProtoReader(byte[] array)
        : this(array, long.MaxValue)
    {
    }

    /// <summary>
    /// Reads <paramref name="array"/> whole, decoding at most <paramref name="maxFields"/> fields
    /// in all (every tag at every depth counts once): what a record decodes to grows with its
    /// field count, not with its byte count, so this bounds the memory a hostile body can make
    /// the reader allocate. One more field throws <see cref="ProtoReadException"/> with
    /// <see cref="ProtoReadException.TooManyFields"/> set.
    /// </summary>
    /// <param name="array">The message bytes; bytes fields may keep slices of it.</param>
    /// <param name="maxFields">The most fields decoded; at least 1.</param>
    public ProtoReader(byte[] array, long maxFields)
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFields, 1);
        _maxFields = maxFields;
        _fieldsRead = 0;
        _array = array;
        _position = 0;
        _limit = array.Length;
        _depth = 0;
        _next = 0;
        _text0 = default;
        _text1 = default;
        _text2 = default;
        _text3 = default;
        _lastStrings = null;
    }

    /// <summary>Reads the next tag; false at the end of the current message.</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>False when the current message has no more fields.</returns>
    public bool TryReadTag(out uint tag)
    {
        if (_position >= _limit)
        {
            tag = 0;
            return false;
        }

        // As Google.Protobuf does: a tag is read as a 32-bit varint, so bits above 32 of a longer
        // varint (up to ten bytes) are dropped and the low 32 bits are the tag, which then names a
        // known field or is skipped as unknown; only a zero field number is refused.
        uint value = unchecked((uint)ReadVarint());
        if (WireFormat.GetTagFieldNumber(value) == 0)
        {
            throw new ProtoReadException("Protocol message contained an invalid tag (zero).");
        }

        // A field is counted once: a group at its end tag (its start tag alone is one byte and
        // may never be closed), every other field at its tag. So each field counted takes at
        // least two bytes of the body (tag and value, or start and end tag), and a body of n
        // bytes counts at most n / 2 + 1 fields, the last perhaps cut short.
        if (WireFormat.GetTagWireType(value) != WireFormat.WireType.StartGroup && ++_fieldsRead > _maxFields)
        {
            throw ProtoReadException.FieldLimit();
        }

        tag = value;
        return true;
    }

    // One method per protobuf scalar type: the generator knows each field's type from the .proto,
    // so generated code calls the right one and nothing is decided at run time.

    /// <summary>Reads a uint64 value (varint).</summary>
    public ulong ReadUInt64() => ReadVarint();

    /// <summary>Reads an int64 value (varint).</summary>
    public long ReadInt64() => (long)ReadVarint();

    /// <summary>Reads an int32 or enum value (varint; a negative value was sign-extended to ten bytes).</summary>
    public int ReadInt32() => (int)ReadVarint();

    /// <summary>Reads a uint32 value (varint).</summary>
    public uint ReadUInt32() => (uint)ReadVarint();

    /// <summary>Reads a sint64 value (zigzag varint).</summary>
    public long ReadSInt64()
    {
        ulong raw = ReadVarint();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    /// <summary>Reads a sint32 value (zigzag varint).</summary>
    public int ReadSInt32()
    {
        uint raw = (uint)ReadVarint();
        return (int)(raw >> 1) ^ -(int)(raw & 1);
    }

    /// <summary>Reads a fixed64 value.</summary>
    public ulong ReadFixed64() => ReadFixed64Raw();

    /// <summary>Reads an sfixed64 value.</summary>
    public long ReadSFixed64() => (long)ReadFixed64Raw();

    /// <summary>Reads a fixed32 value.</summary>
    public uint ReadFixed32() => ReadFixed32Raw();

    /// <summary>Reads an sfixed32 value.</summary>
    public int ReadSFixed32() => (int)ReadFixed32Raw();

    /// <summary>Reads a bool value.</summary>
    public bool ReadBool() => ReadVarint() != 0;

    /// <summary>Reads a float value.</summary>
    public float ReadFloat() => BitConverter.Int32BitsToSingle((int)ReadFixed32Raw());

    /// <summary>Reads a double value.</summary>
    public double ReadDouble() => BitConverter.Int64BitsToDouble((long)ReadFixed64Raw());

    /// <summary>Reads a string value (UTF-8).</summary>
    public string ReadString()
    {
        int length = ReadLength();
        if (length == 0)
        {
            return string.Empty;
        }

        if (length <= MaxRememberedLength
            && (Recall(_text0, length) ?? Recall(_text1, length) ?? Recall(_text2, length) ?? Recall(_text3, length)) is string known)
        {
            _position += length;
            return known;
        }

        try
        {
            string text = Utf8.GetString(_array, _position, length);
            if (length <= MaxRememberedLength)
            {
                var entry = (_position, length, (string?)text);
                switch (_next++ & 3)
                {
                    case 0: _text0 = entry; break;
                    case 1: _text1 = entry; break;
                    case 2: _text2 = entry; break;
                    default: _text3 = entry; break;
                }
            }

            _position += length;
            return text;
        }
        catch (DecoderFallbackException e)
        {
            throw new ProtoReadException("A string field holds invalid UTF-8: " + e.Message);
        }
    }

    /// <summary>
    /// The strings collected as an array; when they are the very strings (same instances, see
    /// <see cref="ReadString"/>) of the array this method returned last, that array again. For
    /// read-only properties only (records then share it): tags repeated on every entry of an append
    /// cost one array per request instead of one per entry.
    /// </summary>
    /// <param name="builder">The collected strings; a pooled buffer goes back to the pool.</param>
    /// <returns>The array.</returns>
    public string[] ShareStrings(ref ProtoListBuilder<string> builder)
    {
        string[]? last = _lastStrings;
        if (last is not null && builder.Count == last.Length && builder.IsSameAs(last))
        {
            builder.Release();
            return last;
        }

        string[] strings = builder.ToArray();
        _lastStrings = strings.Length == 0 ? null : strings;
        return strings;
    }

    private readonly string? Recall((int Offset, int Length, string? Text) entry, int length) =>
        entry.Text is not null && entry.Length == length && _array.AsSpan(entry.Offset, length).SequenceEqual(_array.AsSpan(_position, length))
            ? entry.Text
            : null;

    /// <summary>Reads a bytes value as a slice of the array (no copy).</summary>
    public ReadOnlyMemory<byte> ReadBytesMemory()
    {
        int length = ReadLength();
        var memory = new ReadOnlyMemory<byte>(_array, _position, length);
        _position += length;
        return memory;
    }

    /// <summary>Reads a bytes value into a new array (a copy).</summary>
    public byte[] ReadBytesArray() => ReadBytesMemory().ToArray();

    /// <summary>Reads a bytes value as a ByteString over the array (no copy).</summary>
    public ByteString ReadByteString()
    {
        ReadOnlyMemory<byte> memory = ReadBytesMemory();
        return memory.IsEmpty ? ByteString.Empty : UnsafeByteOperations.UnsafeWrap(memory);
    }

    /// <summary>
    /// Parses the rest of the current message with Google.Protobuf (the fallback for records the
    /// generator cannot read directly) and moves to its end.
    /// </summary>
    public TMessage ReadRemaining<TMessage>(MessageParser<TMessage> parser)
        where TMessage : IMessage<TMessage>
    {
        ArgumentNullException.ThrowIfNull(parser);
        try
        {
            TMessage message = parser.ParseFrom(_array.AsSpan(_position, _limit - _position));
            _position = _limit;
            return message;
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ProtoReadException(e.Message);
        }
    }

    /// <summary>Enters a length-delimited part (a nested message or a packed run); returns what <see cref="EndLength"/> needs.</summary>
    public int BeginLength()
    {
        int length = ReadLength();
        if (++_depth > MaxDepth)
        {
            throw new ProtoReadException("Protocol message had too many levels of nesting.");
        }

        int outer = _limit;
        _limit = _position + length;
        return outer;
    }

    /// <summary>Leaves the part entered by <see cref="BeginLength"/>, which must have been read to its end.</summary>
    public void EndLength(int outer)
    {
        if (_position != _limit)
        {
            throw new ProtoReadException("A nested message or packed field did not end at its length.");
        }

        _limit = outer;
        _depth--;
    }

    /// <summary>How many fields were decoded so far (tags read at every depth).</summary>
    public readonly long FieldsRead => _fieldsRead;

    /// <summary>True while a length-delimited part entered with <see cref="BeginLength"/> has bytes left.</summary>
    public readonly bool HasMore => _position < _limit;

    /// <summary>Skips the value of an unknown field.</summary>
    public void Skip(uint tag)
    {
        switch (WireFormat.GetTagWireType(tag))
        {
            case WireFormat.WireType.Varint:
                ReadVarint();
                break;
            case WireFormat.WireType.Fixed64:
                Advance(8);
                break;
            case WireFormat.WireType.Fixed32:
                Advance(4);
                break;
            case WireFormat.WireType.LengthDelimited:
                Advance(ReadLength());
                break;
            case WireFormat.WireType.StartGroup:
                SkipGroup(WireFormat.GetTagFieldNumber(tag));
                break;
            default:
                throw new ProtoReadException("Protocol message contained a tag with an invalid wire type.");
        }
    }

    private void SkipGroup(int number)
    {
        if (++_depth > MaxDepth)
        {
            throw new ProtoReadException("Protocol message had too many levels of nesting.");
        }

        while (true)
        {
            if (!TryReadTag(out uint tag))
            {
                throw new ProtoReadException("A group was not closed.");
            }

            if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.EndGroup)
            {
                if (WireFormat.GetTagFieldNumber(tag) != number)
                {
                    throw new ProtoReadException("A group was closed by another field number.");
                }

                _depth--;
                return;
            }

            Skip(tag);
        }
    }

    private int ReadLength()
    {
        ulong length = ReadVarint();
        if (length > (ulong)(_limit - _position))
        {
            throw new ProtoReadException("While parsing a protocol message, the input ended unexpectedly in the middle of a field.");
        }

        return (int)length;
    }

    private void Advance(int count)
    {
        if (count > _limit - _position)
        {
            throw new ProtoReadException("While parsing a protocol message, the input ended unexpectedly in the middle of a field.");
        }

        _position += count;
    }

    // Tags and most values of a Raft message are one byte: that case inlined, the loop out of line.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private ulong ReadVarint()
    {
        int position = _position;
        if (position < _limit && _array[position] is byte b && b < 0x80)
        {
            _position = position + 1;
            return b;
        }

        return ReadLongVarint();
    }

    private ulong ReadLongVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _limit)
            {
                throw new ProtoReadException("While parsing a protocol message, the input ended unexpectedly in the middle of a field.");
            }

            byte b = _array[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new ProtoReadException("Protocol message contained a malformed varint.");
    }

    private ulong ReadFixed64Raw()
    {
        Advance(8);
        return BinaryPrimitives.ReadUInt64LittleEndian(_array.AsSpan(_position - 8, 8));
    }

    private uint ReadFixed32Raw()
    {
        Advance(4);
        return BinaryPrimitives.ReadUInt32LittleEndian(_array.AsSpan(_position - 4, 4));
    }
}

/// <summary>
/// Collects the elements of a repeated field: the first four in the builder itself, more in a
/// pooled buffer; <see cref="ToArray"/> makes the one exact array.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public struct ProtoListBuilder<T>
{
    private T _item0;
    private T _item1;
    private T _item2;
    private T _item3;
    private T[]? _more;
    private int _count;

    /// <summary>The number of elements so far.</summary>
    public readonly int Count => _count;

    /// <summary>Adds an element.</summary>
    public void Add(T item)
    {
        switch (_count)
        {
            case 0:
                _item0 = item;
                break;
            case 1:
                _item1 = item;
                break;
            case 2:
                _item2 = item;
                break;
            case 3:
                _item3 = item;
                break;
            default:
                int index = _count - 4;
                if (_more is null)
                {
                    _more = ArrayPool<T>.Shared.Rent(8);
                }
                else if (index == _more.Length)
                {
                    T[] larger = ArrayPool<T>.Shared.Rent(_more.Length * 2);
                    _more.AsSpan().CopyTo(larger);
                    Return(_more, index);
                    _more = larger;
                }

                _more[index] = item;
                break;
        }

        _count++;
    }

    /// <summary>Adds the elements of <paramref name="items"/> (none when null): a repeated field's values from an earlier occurrence of its message, which a merge keeps.</summary>
    /// <param name="items">The elements, or null.</param>
    public void AddRange(System.Collections.Generic.IEnumerable<T>? items)
    {
        if (items is null)
        {
            return;
        }

        foreach (T item in items)
        {
            Add(item);
        }
    }

    /// <summary>The elements as an exact array (the empty array for none); a pooled buffer goes back to the pool.</summary>
    public T[] ToArray()
    {
        if (_count == 0)
        {
            return Array.Empty<T>();
        }

        var result = new T[_count];
        CopyTo(result);
        return result;
    }

    /// <summary>True when the elements are, in order, the very instances in <paramref name="items"/> (which has <see cref="Count"/> elements).</summary>
    internal readonly bool IsSameAs(T[] items)
    {
        for (int i = 0; i < _count; i++)
        {
            T item = i switch
            {
                0 => _item0,
                1 => _item1,
                2 => _item2,
                3 => _item3,
                _ => _more![i - 4],
            };
            if (!ReferenceEquals(item, items[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Gives a pooled buffer back without making an array.</summary>
    internal void Release()
    {
        if (_more is not null)
        {
            Return(_more, _count - 4);
            _more = null;
        }
    }

    /// <summary>The elements as a new list.</summary>
    public System.Collections.Generic.List<T> ToList()
    {
        var list = new System.Collections.Generic.List<T>(_count);
        if (_count > 0)
        {
            T[] items = ToArray();
            list.AddRange(items);
        }

        return list;
    }

    private void CopyTo(T[] result)
    {
        result[0] = _item0;
        if (_count > 1)
        {
            result[1] = _item1;
        }

        if (_count > 2)
        {
            result[2] = _item2;
        }

        if (_count > 3)
        {
            result[3] = _item3;
        }

        if (_more is not null)
        {
            _more.AsSpan(0, _count - 4).CopyTo(result.AsSpan(4));
            Return(_more, _count - 4);
            _more = null;
        }
    }

    private static void Return(T[] items, int count)
    {
        // References must not stay reachable from the pool.
        if (System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            items.AsSpan(0, count).Clear();
        }

        ArrayPool<T>.Shared.Return(items);
    }
}
