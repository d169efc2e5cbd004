using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Model;

namespace RaftSdk.Generators.Parsing;

internal static class SymbolExtensions
{
    /// <summary>global::-qualified, with nullable annotations: emitted names never depend on usings.</summary>
    public static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static string ToFullyQualified(this ITypeSymbol type) =>
        TypeNameWriter.TryFullyQualified(type, nullableModifiers: true) ?? type.ToDisplayString(FullyQualified);

    /// <summary>The metadata-style name without global::, e.g. <c>Ns.Outer.Types.Inner</c>.</summary>
    public static string ToPlainFullName(this ITypeSymbol type) =>
        (TypeNameWriter.TryFullyQualified(type, nullableModifiers: false) ?? type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
            .Replace("global::", string.Empty);

    public static AttributeData? FindAttribute(this ISymbol symbol, string metadataName) =>
        symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass.IsNamed(metadataName));

    /// <summary>
    /// True when the symbol (or, for a constructed generic, its definition) has the full metadata
    /// name, e.g. <c>Google.Protobuf.Collections.RepeatedField`1</c>. Compares name segments in
    /// place: the parsers run on every compilation change, and display strings cost far more.
    /// </summary>
    public static bool IsNamed(this ISymbol? symbol, string fullMetadataName)
    {
        ISymbol? current = symbol is INamedTypeSymbol named ? named.OriginalDefinition : symbol;
        int end = fullMetadataName.Length;
        while (current is not null and not INamespaceSymbol { IsGlobalNamespace: true })
        {
            string name = current.MetadataName;
            int start = end - name.Length;
            if (start < 0 || string.CompareOrdinal(fullMetadataName, start, name, 0, name.Length) != 0)
            {
                return false;
            }

            if (start == 0)
            {
                return current.ContainingSymbol is null or INamespaceSymbol { IsGlobalNamespace: true };
            }

            if (fullMetadataName[start - 1] != '.')
            {
                return false;
            }

            end = start - 1;
            current = current.ContainingSymbol;
        }

        return false;
    }

    public static bool HasAttribute(this ISymbol symbol, string metadataName) => symbol.FindAttribute(metadataName) is not null;

    public static T? NamedArgument<T>(this AttributeData attribute, string name)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is T value)
            {
                return value;
            }
        }

        return default;
    }

    /// <summary>True when generated code in the same assembly can name the type.</summary>
    public static bool IsAccessibleToGeneratedCode(this INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsPartial(this INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax declaration
            && declaration.Modifiers.Any(m => m.ValueText == "partial"));

    public static TypeDeclarationSpec ToDeclarationSpec(this INamedTypeSymbol type)
    {
        var containing = new List<string>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, "partial " + Keyword(outer) + " " + outer.Name);
        }

        string ns = type.ContainingNamespace is { } n ? TypeNameWriter.NamespaceName(n) : string.Empty;
        return new TypeDeclarationSpec(ns, containing.ToEquatableArray(), "partial " + Keyword(type) + " " + type.Name, type.Name, type.ToFullyQualified());
    }

    private static string Keyword(INamedTypeSymbol type) => (type.IsRecord, type.TypeKind) switch
    {
        (true, TypeKind.Struct) => "record struct",
        (true, _) => "record",
        (false, TypeKind.Struct) => "struct",
        (false, TypeKind.Interface) => "interface",
        _ => "class",
    };
}
