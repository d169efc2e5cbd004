using System;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace RaftSdk.Mapping;

/// <summary>
/// What writing one protobuf field needs, read once from the message descriptor: the field type
/// (uint64 or fixed64 for a <c>ulong</c>, ...), whether it tracks presence, whether a repeated
/// scalar is packed, and its tags. Generated <see cref="IProtoWritable"/> code keeps one per field
/// in a static.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class ProtoFieldInfo
{
    private ProtoFieldInfo(int number, FieldType type, bool hasPresence, bool isPacked)
    {
        Number = number;
        Type = type;
        HasPresence = hasPresence;
        IsPacked = isPacked;
        WireFormat.WireType wireType = type switch
        {
            FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64 => WireFormat.WireType.Fixed64,
            FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32 => WireFormat.WireType.Fixed32,
            FieldType.String or FieldType.Bytes or FieldType.Message => WireFormat.WireType.LengthDelimited,
            FieldType.Group => throw new NotSupportedException($"Field {number} is a group; groups are not supported."),
            _ => WireFormat.WireType.Varint,
        };
        WireType = wireType;
        Tag = WireFormat.MakeTag(number, wireType);
        PackedTag = WireFormat.MakeTag(number, WireFormat.WireType.LengthDelimited);
        TagSize = CodedOutputStream.ComputeRawVarint32Size(Tag);
    }

    /// <summary>The field number.</summary>
    public int Number { get; }

    /// <summary>The protobuf field type.</summary>
    public FieldType Type { get; }

    /// <summary>True when the field tracks presence (proto2, proto3 <c>optional</c>, oneof members, messages): a set default value is still written.</summary>
    public bool HasPresence { get; }

    /// <summary>True for a packed repeated scalar.</summary>
    public bool IsPacked { get; }

    /// <summary>The wire type of one value.</summary>
    public WireFormat.WireType WireType { get; }

    /// <summary>The tag of one value.</summary>
    public uint Tag { get; }

    /// <summary>The tag of a packed run (length-delimited).</summary>
    public uint PackedTag { get; }

    /// <summary>The size of <see cref="Tag"/> (and of <see cref="PackedTag"/>, which has the same field number).</summary>
    public int TagSize { get; }

    /// <summary>Reads the field with <paramref name="number"/> from <paramref name="descriptor"/>.</summary>
    /// <param name="descriptor">The message descriptor, e.g. <c>AppendRequestPb.Descriptor</c>.</param>
    /// <param name="number">The field number, e.g. <c>AppendRequestPb.TermFieldNumber</c>.</param>
    /// <returns>The field's write information.</returns>
    public static ProtoFieldInfo For(MessageDescriptor descriptor, int number)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        FieldDescriptor field = descriptor.FindFieldByNumber(number)
            ?? throw new ArgumentException($"{descriptor.FullName} has no field {number}.", nameof(number));
        return new ProtoFieldInfo(number, field.FieldType, field.HasPresence, field.IsPacked);
    }

    /// <summary>The indexes of <paramref name="fields"/> in field-number order: Google.Protobuf writes fields in that order.</summary>
    /// <param name="fields">The fields of one message, in any order.</param>
    /// <returns>Indexes into <paramref name="fields"/>.</returns>
    public static int[] Order(params ProtoFieldInfo[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var order = new int[fields.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => fields[a].Number.CompareTo(fields[b].Number));
        return order;
    }

    /// <summary>True when <paramref name="order"/> (from <see cref="Order"/>) is 0, 1, 2, ...: the fields are declared in number order.</summary>
    /// <param name="order">The write order.</param>
    /// <returns>True for the declaration order.</returns>
    public static bool IsInOrder(int[] order)
    {
        ArgumentNullException.ThrowIfNull(order);
        for (int i = 0; i < order.Length; i++)
        {
            if (order[i] != i)
            {
                return false;
            }
        }

        return true;
    }
}
