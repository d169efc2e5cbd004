using System;
using System.Collections.Generic;
using RaftSdk.ChangeAgent;
using RaftSdk.Generators.RoundTripTests.Wire;

namespace RaftSdk.Generators.RoundTripTests.Shapes;

/// <summary>The domain side of <see cref="ColorPb"/>: same names, same numbers.</summary>
public enum Color
{
    Red = 0,
    Green = 1,
    Blue = 2,
}

[ProtoMessage(typeof(InnerPb))]
public sealed partial record Inner(ulong Id, string? Label);

/// <summary>Every shape as a required field: always on the wire, even when zero.</summary>
[ProtoMessage(typeof(RequiredPb))]
public sealed partial record RequiredShapes
{
    public int I32 { get; init; }
    public long I64 { get; init; }
    public uint U32 { get; init; }
    public ulong U64 { get; init; }
    public int S32 { get; init; }
    public long S64 { get; init; }
    public uint F32 { get; init; }
    public ulong F64 { get; init; }
    public int Sf32 { get; init; }
    public long Sf64 { get; init; }
    public bool Flag { get; init; }
    public float Real32 { get; init; }
    public double Real64 { get; init; }
    public string Text { get; init; } = string.Empty;
    public byte[] Data { get; init; } = Array.Empty<byte>();
    public Color Color { get; init; }
    public Inner Inner { get; init; } = new(0, null);
    public NodeId Node { get; init; }
}

/// <summary>Every shape as an optional field held by a nullable property: null is absent, anything else is present (empty and zero too).</summary>
[ProtoMessage(typeof(OptionalPb))]
public sealed partial record OptionalShapes
{
    public int? I32 { get; init; }
    public long? I64 { get; init; }
    public uint? U32 { get; init; }
    public ulong? U64 { get; init; }
    public int? S32 { get; init; }
    public long? S64 { get; init; }
    public uint? F32 { get; init; }
    public ulong? F64 { get; init; }
    public int? Sf32 { get; init; }
    public long? Sf64 { get; init; }
    public bool? Flag { get; init; }
    public float? Real32 { get; init; }
    public double? Real64 { get; init; }
    public string? Text { get; init; }
    public byte[]? Data { get; init; }
    public Color? Color { get; init; }
    public Inner? Inner { get; init; }
    public ReadOnlyMemory<byte>? Memory { get; init; }
    public NodeId? Node { get; init; }
}

/// <summary>The optional fields held by plain properties: the default is not sent, absent reads as the default.</summary>
[ProtoMessage(typeof(OptionalPb))]
public sealed partial record PlainOptionalShapes
{
    public int I32 { get; init; }
    public long I64 { get; init; }
    public uint U32 { get; init; }
    public ulong U64 { get; init; }
    public int S32 { get; init; }
    public long S64 { get; init; }
    public uint F32 { get; init; }
    public ulong F64 { get; init; }
    public int Sf32 { get; init; }
    public long Sf64 { get; init; }
    public bool Flag { get; init; }
    public float Real32 { get; init; }
    public double Real64 { get; init; }
    public string Text { get; init; } = string.Empty;
    public byte[] Data { get; init; } = Array.Empty<byte>();
    public Color Color { get; init; }
    public Inner? Inner { get; init; }
    public ReadOnlyMemory<byte> Memory { get; init; }
    public NodeId Node { get; init; }
}

/// <summary>Every shape as a repeated field, packed and unpacked, in each collection kind.</summary>
[ProtoMessage(typeof(RepeatedPb))]
public sealed partial record RepeatedShapes
{
    public List<int> I32 { get; init; } = new();
    public long[] I64 { get; init; } = Array.Empty<long>();
    public IReadOnlyList<uint> U32 { get; init; } = Array.Empty<uint>();
    public IEnumerable<ulong> U64 { get; init; } = Array.Empty<ulong>();
    public List<int> S32 { get; init; } = new();
    public IReadOnlyCollection<long> S64 { get; init; } = Array.Empty<long>();
    public uint[] F32 { get; init; } = Array.Empty<uint>();
    public IList<ulong> F64 { get; init; } = new List<ulong>();
    public List<int> Sf32 { get; init; } = new();
    public ICollection<long> Sf64 { get; init; } = new List<long>();
    public bool[] Flag { get; init; } = Array.Empty<bool>();
    public List<float> Real32 { get; init; } = new();
    public IReadOnlyList<double> Real64 { get; init; } = Array.Empty<double>();
    public List<string> Text { get; init; } = new();
    public List<byte[]> Data { get; init; } = new();
    public Color[] Color { get; init; } = Array.Empty<Color>();
    public IReadOnlyList<Inner> Inner { get; init; } = Array.Empty<Inner>();
    public List<NodeId> Node { get; init; } = new();
}
