using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Google.Protobuf;
using RaftSdk.Generators.RoundTripTests.Wire;

namespace RaftSdk.Generators.RoundTripTests.Infrastructure;

/// <summary>
/// Random protobuf messages built with Google.Protobuf (the oracle): each field set or not, with
/// random values, and random extra bytes a peer might send (unknown fields, known field numbers
/// with another wire type).
/// </summary>
internal static class WireGen
{
    public static readonly Gen<string> Text = Gen.Char['\u0020', '\uD7FF'].Array[0, 12].Select(chars => new string(chars));

    public static readonly Gen<ByteString> Bytes = Gen.Byte.Array[0, 12].Select(ByteString.CopyFrom);

    public static readonly Gen<ColorPb> Color = Gen.Int[-1, 4].Select(n => (ColorPb)n);

    public static readonly Gen<InnerPb> Inner = Gen.Select(Gen.ULong, Text.Null(0.4), (id, label) =>
    {
        var inner = new InnerPb { Id = id };
        if (label is not null)
        {
            inner.Label = label;
        }

        return inner;
    });

    /// <summary>A field set with probability 1 - <paramref name="absent"/>.</summary>
    public static Gen<Action<T>> Field<T, TValue>(Gen<TValue> value, Action<T, TValue> set, double absent) =>
        Gen.Select(Gen.Double[0, 1], value, (p, v) => p < absent ? (Action<T>)(_ => { }) : m => set(m, v));

    public static Gen<Action<T>> Each<T, TValue>(Gen<TValue> value, Func<T, Google.Protobuf.Collections.RepeatedField<TValue>> list) =>
        value.List[0, 4].Select(values => (Action<T>)(m => list(m).Add(values)));

    public static Gen<T> Message<T>(Func<T> create, params Gen<Action<T>>[] fields)
    {
        Gen<Action<T>[]> all = Gen.Const(Array.Empty<Action<T>>());
        foreach (Gen<Action<T>> field in fields)
        {
            all = Gen.Select(all, field, (done, next) => done.Append(next).ToArray());
        }

        return all.Select(setters =>
        {
            T message = create();
            foreach (Action<T> set in setters)
            {
                set(message);
            }

            return message;
        });
    }

    public static Gen<OptionalPb> Optional(double absent) => Message(
        () => new OptionalPb(),
        Field<OptionalPb, int>(Gen.Int, (m, v) => m.I32 = v, absent),
        Field<OptionalPb, long>(Gen.Long, (m, v) => m.I64 = v, absent),
        Field<OptionalPb, uint>(Gen.UInt, (m, v) => m.U32 = v, absent),
        Field<OptionalPb, ulong>(Gen.ULong, (m, v) => m.U64 = v, absent),
        Field<OptionalPb, int>(Gen.Int, (m, v) => m.S32 = v, absent),
        Field<OptionalPb, long>(Gen.Long, (m, v) => m.S64 = v, absent),
        Field<OptionalPb, uint>(Gen.UInt, (m, v) => m.F32 = v, absent),
        Field<OptionalPb, ulong>(Gen.ULong, (m, v) => m.F64 = v, absent),
        Field<OptionalPb, int>(Gen.Int, (m, v) => m.Sf32 = v, absent),
        Field<OptionalPb, long>(Gen.Long, (m, v) => m.Sf64 = v, absent),
        Field<OptionalPb, bool>(Gen.Bool, (m, v) => m.Flag = v, absent),
        Field<OptionalPb, float>(Gen.Float, (m, v) => m.Real32 = v, absent),
        Field<OptionalPb, double>(Gen.Double, (m, v) => m.Real64 = v, absent),
        Field<OptionalPb, string>(Text, (m, v) => m.Text = v, absent),
        Field<OptionalPb, ByteString>(Bytes, (m, v) => m.Data = v, absent),
        Field<OptionalPb, ColorPb>(Color, (m, v) => m.Color = v, absent),
        Field<OptionalPb, InnerPb>(Inner, (m, v) => m.Inner = v, absent),
        Field<OptionalPb, ByteString>(Bytes, (m, v) => m.Memory = v, absent),
        Field<OptionalPb, ulong>(Gen.ULong, (m, v) => m.Node = v, absent));

    /// <summary>Every required field set (a message missing one is tested apart).</summary>
    public static Gen<RequiredPb> Required(double absent) => Message(
        () => new RequiredPb(),
        Field<RequiredPb, int>(Gen.Int, (m, v) => m.I32 = v, absent),
        Field<RequiredPb, long>(Gen.Long, (m, v) => m.I64 = v, absent),
        Field<RequiredPb, uint>(Gen.UInt, (m, v) => m.U32 = v, absent),
        Field<RequiredPb, ulong>(Gen.ULong, (m, v) => m.U64 = v, absent),
        Field<RequiredPb, int>(Gen.Int, (m, v) => m.S32 = v, absent),
        Field<RequiredPb, long>(Gen.Long, (m, v) => m.S64 = v, absent),
        Field<RequiredPb, uint>(Gen.UInt, (m, v) => m.F32 = v, absent),
        Field<RequiredPb, ulong>(Gen.ULong, (m, v) => m.F64 = v, absent),
        Field<RequiredPb, int>(Gen.Int, (m, v) => m.Sf32 = v, absent),
        Field<RequiredPb, long>(Gen.Long, (m, v) => m.Sf64 = v, absent),
        Field<RequiredPb, bool>(Gen.Bool, (m, v) => m.Flag = v, absent),
        Field<RequiredPb, float>(Gen.Float, (m, v) => m.Real32 = v, absent),
        Field<RequiredPb, double>(Gen.Double, (m, v) => m.Real64 = v, absent),
        Field<RequiredPb, string>(Text, (m, v) => m.Text = v, absent),
        Field<RequiredPb, ByteString>(Bytes, (m, v) => m.Data = v, absent),
        Field<RequiredPb, ColorPb>(Color, (m, v) => m.Color = v, absent),
        Field<RequiredPb, InnerPb>(Inner, (m, v) => m.Inner = v, absent),
        Field<RequiredPb, ulong>(Gen.ULong, (m, v) => m.Node = v, absent));

    public static readonly Gen<RepeatedPb> Repeated = Message(
        () => new RepeatedPb(),
        Each<RepeatedPb, int>(Gen.Int, m => m.I32),
        Each<RepeatedPb, long>(Gen.Long, m => m.I64),
        Each<RepeatedPb, uint>(Gen.UInt, m => m.U32),
        Each<RepeatedPb, ulong>(Gen.ULong, m => m.U64),
        Each<RepeatedPb, int>(Gen.Int, m => m.S32),
        Each<RepeatedPb, long>(Gen.Long, m => m.S64),
        Each<RepeatedPb, uint>(Gen.UInt, m => m.F32),
        Each<RepeatedPb, ulong>(Gen.ULong, m => m.F64),
        Each<RepeatedPb, int>(Gen.Int, m => m.Sf32),
        Each<RepeatedPb, long>(Gen.Long, m => m.Sf64),
        Each<RepeatedPb, bool>(Gen.Bool, m => m.Flag),
        Each<RepeatedPb, float>(Gen.Float, m => m.Real32),
        Each<RepeatedPb, double>(Gen.Double, m => m.Real64),
        Each<RepeatedPb, string>(Text, m => m.Text),
        Each<RepeatedPb, ByteString>(Bytes, m => m.Data),
        Each<RepeatedPb, ColorPb>(Color, m => m.Color),
        Each<RepeatedPb, InnerPb>(Inner, m => m.Inner),
        Each<RepeatedPb, ulong>(Gen.ULong, m => m.Node));

    public static readonly Gen<Wire3.TonePb> Tone = Gen.Int[-1, 2].Select(n => (Wire3.TonePb)n);

    public static Gen<Wire3.ImplicitPb> Implicit(double absent) => Message(
        () => new Wire3.ImplicitPb(),
        Field<Wire3.ImplicitPb, int>(Gen.Int, (m, v) => m.I32 = v, absent),
        Field<Wire3.ImplicitPb, long>(Gen.Long, (m, v) => m.S64 = v, absent),
        Field<Wire3.ImplicitPb, uint>(Gen.UInt, (m, v) => m.F32 = v, absent),
        Field<Wire3.ImplicitPb, double>(Gen.Double, (m, v) => m.Real64 = v, absent),
        Field<Wire3.ImplicitPb, string>(Text, (m, v) => m.Text = v, absent),
        Field<Wire3.ImplicitPb, ByteString>(Bytes, (m, v) => m.Data = v, absent),
        Field<Wire3.ImplicitPb, Wire3.TonePb>(Tone, (m, v) => m.Tone = v, absent),
        Field<Wire3.ImplicitPb, ulong>(Gen.ULong, (m, v) => m.Nested = new Wire3.NestedPb { Id = v }, absent),
        Each<Wire3.ImplicitPb, ulong>(Gen.ULong, m => m.Ids),
        Each<Wire3.ImplicitPb, string>(Text, m => m.Names),
        Field<Wire3.ImplicitPb, ulong>(Gen.ULong, (m, v) => m.Maybe = v, absent),
        Field<Wire3.ImplicitPb, string>(Text, (m, v) => m.MaybeText = v, absent),
        Field<Wire3.ImplicitPb, ByteString>(Bytes, (m, v) => m.MaybeData = v, absent),
        Each<Wire3.ImplicitPb, long>(Gen.Long, m => m.Stamps));

    /// <summary>
    /// Fields a reader must skip: numbers the message does not define, and the numbers 1-18 with a
    /// wire type their field never has (fixed32 or fixed64 for varint fields, varint for the rest;
    /// never length-delimited, which is a packed run for repeated scalars).
    /// </summary>
    public static readonly Gen<byte[]> Unknown = Gen.Select(Gen.Int[0, 3], Gen.Int[100, 5000], Gen.Int[1, 19], Gen.ULong, Gen.Byte.Array[0, 8], (kind, unknownNumber, knownNumber, value, payload) =>
    {
        using var stream = new System.IO.MemoryStream();
        var output = new CodedOutputStream(stream);
        switch (kind)
        {
            case 0:
                output.WriteTag(unknownNumber, WireFormat.WireType.Varint);
                output.WriteUInt64(value);
                break;
            case 1:
                output.WriteTag(unknownNumber, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(payload));
                break;
            case 2:
                output.WriteTag(unknownNumber, WireFormat.WireType.Fixed32);
                output.WriteFixed32((uint)value);
                break;
            default:
                WireFormat.WireType other = MismatchedWireType(knownNumber);
                output.WriteTag(knownNumber, other);
                if (other == WireFormat.WireType.Varint)
                {
                    output.WriteUInt64(value);
                }
                else if (other == WireFormat.WireType.Fixed32)
                {
                    output.WriteFixed32((uint)value);
                }
                else
                {
                    output.WriteFixed64(value);
                }

                break;
        }

        output.Flush();
        return stream.ToArray();
    }).Array[0, 3].Select(parts => parts.SelectMany(p => p).ToArray());

    // A wire type wrong for the field of that number in every shape message: 7, 9, 12 are fixed32;
    // 14, 15, 17 length-delimited; everything else is varint or fixed64 (18 is bytes in OptionalPb,
    // fixed64 elsewhere), for which fixed32 is wrong.
    private static WireFormat.WireType MismatchedWireType(int number) => number switch
    {
        7 or 9 or 12 or 14 or 15 or 17 => WireFormat.WireType.Fixed64,
        _ => WireFormat.WireType.Fixed32,
    };
}
