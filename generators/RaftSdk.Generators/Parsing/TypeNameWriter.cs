using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RaftSdk.Generators.Parsing;

/// <summary>
/// Writes the names <see cref="SymbolExtensions.ToFullyQualified"/> gives, for the shapes
/// contracts use (named types in namespaces, nested and generic types, keywords, T?, T[]),
/// without the display-part machinery of <c>ToDisplayString</c>. The parsers run on every
/// compilation change, and display strings were most of what they allocated. Anything unusual
/// (tuples, pointers, type parameters, keyword-named identifiers...) answers false, and the
/// caller falls back to <c>ToDisplayString</c>; the snapshot tests hold the two to the same text.
/// </summary>
internal static class TypeNameWriter
{
    [System.ThreadStatic]
    private static StringBuilder? s_builder;

    /// <summary>The global::-qualified name, or null when only ToDisplayString knows it.</summary>
    public static string? TryFullyQualified(ITypeSymbol type, bool nullableModifiers)
    {
        StringBuilder builder = s_builder ??= new StringBuilder(128);
        builder.Clear();
        return TryAppend(builder, type, nullableModifiers) ? builder.ToString() : null;
    }

    /// <summary>The namespace as written in a declaration (<c>A.B.C</c>), without global::.</summary>
    public static string NamespaceName(INamespaceSymbol ns)
    {
        if (ns.IsGlobalNamespace)
        {
            return string.Empty;
        }

        if (ns.ContainingNamespace is null || ns.ContainingNamespace.IsGlobalNamespace)
        {
            return ns.Name;
        }

        return NamespaceName(ns.ContainingNamespace) + "." + ns.Name;
    }

    private static bool TryAppend(StringBuilder builder, ITypeSymbol type, bool nullableModifiers)
    {
        switch (type)
        {
            case IArrayTypeSymbol { Rank: 1 } array:
                if (!TryAppend(builder, array.ElementType, nullableModifiers))
                {
                    return false;
                }

                builder.Append("[]");
                break;

            case INamedTypeSymbol named when !named.IsTupleType && named.TypeKind != TypeKind.Error && !named.IsNativeIntegerType:
                if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
                {
                    if (!TryAppend(builder, named.TypeArguments[0], nullableModifiers))
                    {
                        return false;
                    }

                    builder.Append('?');
                    return true;
                }

                if (Keyword(named.SpecialType) is { } keyword)
                {
                    builder.Append(keyword);
                }
                else if (!TryAppendQualified(builder, named, nullableModifiers))
                {
                    return false;
                }

                break;

            default:
                return false;
        }

        if (nullableModifiers && type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated)
        {
            builder.Append('?');
        }

        return true;
    }

    private static bool TryAppendQualified(StringBuilder builder, INamedTypeSymbol type, bool nullableModifiers)
    {
        if (IsKeyword(type.Name))
        {
            return false;
        }

        if (type.ContainingType is { } outer)
        {
            if (!TryAppendQualified(builder, outer, nullableModifiers))
            {
                return false;
            }

            builder.Append('.');
        }
        else
        {
            builder.Append("global::");
            if (!TryAppendNamespace(builder, type.ContainingNamespace))
            {
                return false;
            }
        }

        builder.Append(type.Name);
        if (type.TypeArguments.Length == 0)
        {
            return true;
        }

        builder.Append('<');
        for (int i = 0; i < type.TypeArguments.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            ITypeSymbol argument = type.TypeArguments[i];
            if (nullableModifiers && type.TypeArgumentNullableAnnotations[i] == NullableAnnotation.Annotated && argument.IsReferenceType)
            {
                argument = argument.WithNullableAnnotation(NullableAnnotation.Annotated);
            }

            if (!TryAppend(builder, argument, nullableModifiers))
            {
                return false;
            }
        }

        builder.Append('>');
        return true;
    }

    private static bool TryAppendNamespace(StringBuilder builder, INamespaceSymbol? ns)
    {
        if (ns is null || ns.IsGlobalNamespace)
        {
            return true;
        }

        if (IsKeyword(ns.Name) || !TryAppendNamespace(builder, ns.ContainingNamespace))
        {
            return false;
        }

        builder.Append(ns.Name).Append('.');
        return true;
    }

    private static bool IsKeyword(string name) =>
        SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None
        || SyntaxFacts.GetContextualKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None;

    private static string? Keyword(SpecialType type) => type switch
    {
        SpecialType.System_Object => "object",
        SpecialType.System_Void => "void",
        SpecialType.System_Boolean => "bool",
        SpecialType.System_Char => "char",
        SpecialType.System_SByte => "sbyte",
        SpecialType.System_Byte => "byte",
        SpecialType.System_Int16 => "short",
        SpecialType.System_UInt16 => "ushort",
        SpecialType.System_Int32 => "int",
        SpecialType.System_UInt32 => "uint",
        SpecialType.System_Int64 => "long",
        SpecialType.System_UInt64 => "ulong",
        SpecialType.System_Decimal => "decimal",
        SpecialType.System_Single => "float",
        SpecialType.System_Double => "double",
        SpecialType.System_String => "string",
        _ => null,
    };
}
