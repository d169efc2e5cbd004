using System;
using System.Collections.Generic;
using RaftSdk.Generators.RoundTripTests.Wire;

namespace RaftSdk.Generators.RoundTripTests.Shapes;

[ProtoMessage(typeof(KeywordInnerPb))]
public sealed partial record KeywordInner
{
    public ulong @int { get; init; }
}

/// <summary>Keyword-named properties of each shape: scalar, string, nested, repeated, optional.</summary>
[ProtoMessage(typeof(KeywordsPb))]
public sealed partial record KeywordShapes
{
    public ulong @class { get; init; }

    public string? @event { get; init; }

    public KeywordInner? @default { get; init; }

    public IReadOnlyList<ulong> @params { get; init; } = Array.Empty<ulong>();

    public List<string> @string { get; init; } = new();

    public ulong? @checked { get; init; }
}

/// <summary>Keyword-named constructor parameters: generated code passes them as named arguments.</summary>
[ProtoMessage(typeof(KeywordPositionalPb))]
public sealed partial record KeywordPositional(string? @namespace, ulong @in);
