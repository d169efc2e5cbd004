using Microsoft.CodeAnalysis;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Model;

namespace RaftSdk.Generators.Parsing;

/// <summary>
/// Finds how a domain property type converts to the type of its protobuf property, and decides
/// everything the emitters need about it (wire kind, codec shape, collection shape).
/// </summary>
/// <remarks>
/// The one-value wrapper rule (documented in docs/diagnostics/RAFT023.md): a struct converts to a
/// wire type T when it is declared outside the <c>System</c> and <c>Microsoft</c> namespaces, has
/// exactly one public instance property, of type T, and a public constructor taking one T whose
/// parameter is named like that property (any case). <c>record struct NodeId(ulong Value)</c>
/// qualifies; <c>DateTime</c> (a constructor from ticks and a Ticks property, but many other
/// properties, and a System type), <c>DateTimeOffset</c>, <c>TimeSpan</c> and <c>Guid</c> do not,
/// so they are RAFT023 rather than silently sent as their ticks.
/// </remarks>
internal static class ConversionClassifier
{
    /// <summary>What went wrong when <see cref="Classify"/> finds no conversion.</summary>
    internal enum Failure
    {
        None,

        /// <summary>The types do not convert (RAFT023).</summary>
        Incompatible,

        /// <summary>Two enums whose names or numbers disagree (RAFT033); the detail says where.</summary>
        EnumMismatch,
    }

    /// <summary>Null when the two types cannot convert; <paramref name="failure"/> and <paramref name="detail"/> say why.</summary>
    public static ConversionSpec? Classify(ITypeSymbol domainType, ITypeSymbol wireType, out Failure failure, out string? detail)
    {
        failure = Failure.Incompatible;
        detail = null;
        bool nullableReference = domainType.IsReferenceType && domainType.NullableAnnotation == NullableAnnotation.Annotated;
        string domainName = domainType.ToFullyQualified();

        ConversionSpec? result;
        if (wireType is INamedTypeSymbol { IsGenericType: true } repeated && repeated.IsNamed(KnownTypeNames.RepeatedField))
        {
            ITypeSymbol wireElement = repeated.TypeArguments[0];
            (CollectionKind collection, bool indexable, bool readOnly, ITypeSymbol? domainElement) = CollectionOf(domainType);
            if (domainElement is null)
            {
                return null;
            }

            ConversionSpec? element = ClassifyScalar(domainElement, wireElement, knownDomainName: null, ref failure, ref detail);
            result = element is null
                ? null
                : element with { Collection = collection, CollectionIndexable = indexable, CollectionIsReadOnly = readOnly, DomainType = domainName, DomainIsNullableReference = nullableReference };
        }
        else if (domainType is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            // T? on an optional field: null means absent.
            ConversionSpec? inner = ClassifyScalar(nullable.TypeArguments[0], wireType, knownDomainName: null, ref failure, ref detail);
            result = inner is null ? null : inner with { DomainType = domainName, DomainIsNullableValue = true };
        }
        else
        {
            ConversionSpec? scalar = ClassifyScalar(domainType, wireType, nullableReference ? null : domainName, ref failure, ref detail);
            result = scalar is null ? null : scalar with { DomainIsNullableReference = nullableReference };
        }

        if (result is not null)
        {
            failure = Failure.None;
        }

        return result;
    }

    /// <param name="knownDomainName">The domain type's name when the caller has it without a nullable annotation.</param>
    private static ConversionSpec? ClassifyScalar(ITypeSymbol domain, ITypeSymbol wire, string? knownDomainName, ref Failure failure, ref string? detail)
    {
        string domainName = knownDomainName ?? domain.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToFullyQualified();
        WireValueKind wireKind = WireKindOf(wire);
        ConversionSpec Make(ConversionKind kind, string? member = null) => new()
        {
            Kind = kind,
            Collection = CollectionKind.None,
            DomainType = domainName,
            DomainElementType = domainName,
            WireElementType = wire.ToFullyQualified(),
            WireKind = wireKind,
            Shape = ShapeOf(kind, wireKind),
            WrapperMember = member,
        };

        if (SymbolEqualityComparer.Default.Equals(domain.WithNullableAnnotation(NullableAnnotation.NotAnnotated), wire.WithNullableAnnotation(NullableAnnotation.NotAnnotated)))
        {
            return Make(ConversionKind.Direct);
        }

        if (wireKind == WireValueKind.ByteString)
        {
            if (domain is INamedTypeSymbol { IsGenericType: true } memory
                && memory.IsNamed("System.ReadOnlyMemory`1")
                && memory.TypeArguments[0].SpecialType == SpecialType.System_Byte)
            {
                return Make(ConversionKind.BytesMemory);
            }

            if (domain is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte, Rank: 1 })
            {
                return Make(ConversionKind.BytesArray);
            }

            return null;
        }

        if (domain is INamedTypeSymbol { TypeKind: TypeKind.Enum } domainEnum && wire is INamedTypeSymbol { TypeKind: TypeKind.Enum } wireEnum)
        {
            detail = EnumMatcher.Mismatch(domainEnum, wireEnum);
            if (detail is not null)
            {
                failure = Failure.EnumMismatch;
                return null;
            }

            return Make(ConversionKind.EnumCast);
        }

        if (domain is INamedTypeSymbol named && named.FindAttribute(KnownTypeNames.ProtoMessageAttribute) is { } message
            && message.ConstructorArguments.Length == 1
            && message.ConstructorArguments[0].Value is ITypeSymbol linked
            && SymbolEqualityComparer.Default.Equals(linked, wire))
        {
            return Make(ConversionKind.Message);
        }

        if (domain is INamedTypeSymbol { IsValueType: true } wrapper && WrapperMember(wrapper, wire) is { } member)
        {
            return Make(ConversionKind.Wrapper, member);
        }

        return null;
    }

    private static WireValueKind WireKindOf(ITypeSymbol wire) => wire.SpecialType switch
    {
        SpecialType.System_Boolean => WireValueKind.Bool,
        SpecialType.System_Int32 => WireValueKind.Int32,
        SpecialType.System_UInt32 => WireValueKind.UInt32,
        SpecialType.System_Int64 => WireValueKind.Int64,
        SpecialType.System_UInt64 => WireValueKind.UInt64,
        SpecialType.System_Single => WireValueKind.Float,
        SpecialType.System_Double => WireValueKind.Double,
        SpecialType.System_String => WireValueKind.String,
        _ when wire.IsNamed(KnownTypeNames.ByteString) => WireValueKind.ByteString,
        _ when wire.TypeKind == TypeKind.Enum => WireValueKind.Enum,
        _ when wire.TypeKind == TypeKind.Class => WireValueKind.Message,
        _ => WireValueKind.Other,
    };

    /// <summary>How the direct codec passes the value; <see cref="ValueShape.None"/> (serialize ToProto() instead) for a protoc enum used directly or anything new.</summary>
    private static ValueShape ShapeOf(ConversionKind kind, WireValueKind wire)
    {
        switch (kind)
        {
            case ConversionKind.Message:
                return ValueShape.Message;
            case ConversionKind.BytesMemory:
            case ConversionKind.BytesArray:
                return ValueShape.Bytes;
            case ConversionKind.EnumCast:
                return ValueShape.Scalar;
        }

        return wire switch
        {
            WireValueKind.Bool or WireValueKind.Int32 or WireValueKind.UInt32 or WireValueKind.Int64
                or WireValueKind.UInt64 or WireValueKind.Float or WireValueKind.Double => ValueShape.Scalar,
            WireValueKind.String => ValueShape.Text,
            WireValueKind.ByteString when kind == ConversionKind.Direct => ValueShape.Bytes,
            _ => ValueShape.None,
        };
    }

    /// <summary>The wrapper's property as a C# identifier under the one-value wrapper rule (see the type's remarks), or null.</summary>
    private static string? WrapperMember(INamedTypeSymbol type, ITypeSymbol wire)
    {
        if (IsFrameworkNamespace(type.ContainingNamespace))
        {
            return null;
        }

        IPropertySymbol? only = null;
        foreach (IPropertySymbol property in ConstructionAnalyzer.PublicProperties(type))
        {
            if (property.IsIndexer)
            {
                continue;
            }

            if (only is not null)
            {
                return null; // more than one value
            }

            only = property;
        }

        if (only is null || !SymbolEqualityComparer.Default.Equals(only.Type, wire))
        {
            return null;
        }

        foreach (IMethodSymbol constructor in type.InstanceConstructors)
        {
            if (constructor.DeclaredAccessibility == Accessibility.Public && constructor.Parameters.Length == 1
                && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, wire)
                && string.Equals(constructor.Parameters[0].Name, only.Name, System.StringComparison.OrdinalIgnoreCase))
            {
                return CSharpIdentifier.Escape(only.Name);
            }
        }

        return null;
    }

    private static bool IsFrameworkNamespace(INamespaceSymbol? ns)
    {
        INamespaceSymbol? root = null;
        for (INamespaceSymbol? current = ns; current is not null && !current.IsGlobalNamespace; current = current.ContainingNamespace)
        {
            root = current;
        }

        return root is not null && root.Name is "System" or "Microsoft";
    }

    private static readonly string[] ReadOnlyCollectionInterfaces =
    {
        "System.Collections.Generic.IReadOnlyList`1",
        "System.Collections.Generic.IReadOnlyCollection`1",
        "System.Collections.Generic.IEnumerable`1",
        "System.Collections.Generic.IList`1",
        "System.Collections.Generic.ICollection`1",
    };

    /// <summary>The collection kind, whether generated code indexes it rather than enumerating, whether it is read-only, and the element type.</summary>
    private static (CollectionKind Kind, bool Indexable, bool ReadOnly, ITypeSymbol? Element) CollectionOf(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            return (CollectionKind.Array, false, false, array.ElementType);
        }

        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic)
        {
            if (generic.IsNamed("System.Collections.Generic.List`1"))
            {
                return (CollectionKind.List, false, false, generic.TypeArguments[0]);
            }

            foreach (string readOnly in ReadOnlyCollectionInterfaces)
            {
                if (generic.IsNamed(readOnly))
                {
                    // An interface enumerator would be allocated: lists are indexed instead.
                    bool indexable = readOnly is "System.Collections.Generic.IReadOnlyList`1" or "System.Collections.Generic.IList`1";
                    bool noSetter = readOnly is "System.Collections.Generic.IReadOnlyList`1" or "System.Collections.Generic.IReadOnlyCollection`1" or "System.Collections.Generic.IEnumerable`1";
                    return (CollectionKind.ReadOnlyInterface, indexable, noSetter, generic.TypeArguments[0]);
                }
            }
        }

        return (CollectionKind.None, false, false, null);
    }
}
