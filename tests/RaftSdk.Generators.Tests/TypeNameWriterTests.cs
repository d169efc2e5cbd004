using System.Linq;
using Microsoft.CodeAnalysis;
using RaftSdk.Generators.Parsing;
using RaftSdk.Generators.Tests.Infrastructure;
using Xunit;

namespace RaftSdk.Generators.Tests;

/// <summary>
/// The parsers name types with a hand-written writer instead of ToDisplayString (it runs on every
/// compilation change). Every property type below must come out exactly as ToDisplayString
/// writes it, or fall back to it.
/// </summary>
public sealed class TypeNameWriterTests
{
    private const string Source = """
        #nullable enable
        using System;
        using System.Collections.Generic;

        public sealed class InGlobal { }

        namespace Outer.Inner
        {
            public enum Color { Red }
            public sealed class Box<T> { public sealed class Lid { } public sealed class Pair<U> { } }
            public sealed class @class { }
            public sealed class record { }

            public sealed class Shapes
            {
                public ulong Number { get; set; }
                public string Text { get; set; } = "";
                public string? MaybeText { get; set; }
                public object? MaybeObject { get; set; }
                public int? MaybeNumber { get; set; }
                public Color? MaybeColor { get; set; }
                public byte[] Bytes { get; set; } = Array.Empty<byte>();
                public byte[]? MaybeBytes { get; set; }
                public string?[] NullableElements { get; set; } = Array.Empty<string?>();
                public int[,] Grid { get; set; } = new int[0, 0];
                public ReadOnlyMemory<byte> Memory { get; set; }
                public IReadOnlyList<string> Names { get; set; } = Array.Empty<string>();
                public IReadOnlyList<string?> MaybeNames { get; set; } = Array.Empty<string?>();
                public List<IReadOnlyList<InGlobal?>> Nested { get; set; } = new();
                public Dictionary<string, Box<Color>.Lid> Map { get; set; } = new();
                public Box<int>.Pair<string?> Pair { get; set; } = new();
                public InGlobal Global { get; set; } = new();
                public @class Escaped { get; set; } = new();
                public @record Contextual { get; set; } = new();
                public (int A, string B) Tuple { get; set; }
                public nint Native { get; set; }
                public IntPtr Pointer { get; set; }
                public decimal Money { get; set; }
                public char Letter { get; set; }
                public Guid Id { get; set; }
                public global::System.Threading.Tasks.Task<Box<string>?> Pending { get; set; } = null!;
            }
        }
        """;

    public static TheoryData<string> PropertyNames() => new(PropertiesOf(Compile()).Select(p => p.Name));

    [Theory]
    [MemberData(nameof(PropertyNames))]
    public void Writes_what_ToDisplayString_writes(string propertyName)
    {
        IPropertySymbol property = PropertiesOf(Compile()).Single(p => p.Name == propertyName);

        Assert.Equal(property.Type.ToDisplayString(SymbolExtensions.FullyQualified), property.Type.ToFullyQualified());
        Assert.Equal(
            property.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", string.Empty),
            property.Type.ToPlainFullName());
    }

    [Fact]
    public void Common_shapes_take_the_fast_path()
    {
        var properties = PropertiesOf(Compile()).ToDictionary(p => p.Name);

        foreach (string name in new[] { "Number", "MaybeText", "MaybeNumber", "Bytes", "Memory", "MaybeNames", "Nested", "Map", "Pair", "Global" })
        {
            Assert.NotNull(TypeNameWriter.TryFullyQualified(properties[name].Type, nullableModifiers: true));
        }
    }

    [Fact]
    public void Unusual_shapes_fall_back()
    {
        var properties = PropertiesOf(Compile()).ToDictionary(p => p.Name);

        foreach (string name in new[] { "Escaped", "Tuple", "Native", "Grid" })
        {
            Assert.Null(TypeNameWriter.TryFullyQualified(properties[name].Type, nullableModifiers: true));
        }
    }

    [Fact]
    public void Namespace_names_match_ToDisplayString()
    {
        INamedTypeSymbol shapes = Compile().GetTypeByMetadataName("Outer.Inner.Shapes")!;

        Assert.Equal(shapes.ContainingNamespace.ToDisplayString(), TypeNameWriter.NamespaceName(shapes.ContainingNamespace));
        Assert.Equal(string.Empty, TypeNameWriter.NamespaceName(Compile().GlobalNamespace));
    }

    private static Compilation Compile()
    {
        Compilation compilation = GeneratorHarness.Compile(new[] { ("Shapes.cs", Source) });
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return compilation;
    }

    private static IPropertySymbol[] PropertiesOf(Compilation compilation) =>
        compilation.GetTypeByMetadataName("Outer.Inner.Shapes")!.GetMembers().OfType<IPropertySymbol>().ToArray();
}
