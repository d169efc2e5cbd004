using System;
using System.Collections.Generic;
using RaftSdk.Generators.RoundTripTests.Wire3;

namespace RaftSdk.Generators.RoundTripTests.Shapes;

/// <summary>The domain side of <see cref="TonePb"/>: TONE_LOW and TONE_HIGH without their shared prefix.</summary>
public enum Tone
{
    Low = 0,
    High = 1,
}

[ProtoMessage(typeof(NestedPb))]
public readonly partial record struct Nested(ulong Id);

/// <summary>proto3: implicit fields as plain properties, proto3 optional fields as nullable ones.</summary>
[ProtoMessage(typeof(ImplicitPb))]
public sealed partial record ImplicitShapes
{
    public int I32 { get; init; }
    public long S64 { get; init; }
    public uint F32 { get; init; }
    public double Real64 { get; init; }
    public string Text { get; init; } = string.Empty;
    public ReadOnlyMemory<byte> Data { get; init; }
    public Tone Tone { get; init; }
    public Nested? Nested { get; init; }
    public IReadOnlyList<ulong> Ids { get; init; } = Array.Empty<ulong>();
    public List<string> Names { get; init; } = new();
    public ulong? Maybe { get; init; }
    public string? MaybeText { get; init; }
    public byte[]? MaybeData { get; init; }
    public long[] Stamps { get; init; } = Array.Empty<long>();
}
