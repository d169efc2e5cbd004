using System.Linq;
using Microsoft.CodeAnalysis;
using RaftSdk.Generators.Model;

namespace RaftSdk.Generators.Parsing;

/// <summary>Finds how a domain property type converts to the type of its protobuf property.</summary>
internal static class ConversionClassifier
{
    /// <summary>Null when the two types cannot convert.</summary>
    public static ConversionSpec? Classify(ITypeSymbol domainType, ITypeSymbol wireType)
    {
        bool nullableReference = domainType.IsReferenceType && domainType.NullableAnnotation == NullableAnnotation.Annotated;
        string domainName = domainType.ToFullyQualified();

        if (wireType is INamedTypeSymbol { IsGenericType: true } repeated && repeated.IsNamed(KnownTypeNames.RepeatedField))
        {
            ITypeSymbol wireElement = repeated.TypeArguments[0];
            (CollectionKind collection, ITypeSymbol? domainElement) = CollectionOf(domainType);
            if (domainElement is null)
            {
                return null;
            }

            ConversionSpec? element = ClassifyScalar(domainElement, wireElement, knownDomainName: null);
            return element is null
                ? null
                : element with { Collection = collection, DomainType = domainName, DomainIsNullableReference = nullableReference };
        }

        if (domainType is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            // T? on an optional field: null means absent.
            ConversionSpec? inner = ClassifyScalar(nullable.TypeArguments[0], wireType, knownDomainName: null);
            return inner is null ? null : inner with { DomainType = domainName, DomainIsNullableValue = true };
        }

        ConversionSpec? scalar = ClassifyScalar(domainType, wireType, nullableReference ? null : domainName);
        return scalar is null ? null : scalar with { DomainIsNullableReference = nullableReference };
    }

    /// <param name="knownDomainName">The domain type's name when the caller has it without a nullable annotation.</param>
    private static ConversionSpec? ClassifyScalar(ITypeSymbol domain, ITypeSymbol wire, string? knownDomainName)
    {
        string domainName = knownDomainName ?? domain.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToFullyQualified();
        string wireName = wire.ToFullyQualified();
        ConversionSpec Make(ConversionKind kind, string? member = null) =>
            new(kind, CollectionKind.None, domainName, domainName, wireName, member, false);

        if (SymbolEqualityComparer.Default.Equals(domain.WithNullableAnnotation(NullableAnnotation.NotAnnotated), wire.WithNullableAnnotation(NullableAnnotation.NotAnnotated)))
        {
            return Make(ConversionKind.Direct);
        }

        if (wire.IsNamed(KnownTypeNames.ByteString))
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

        if (domain.TypeKind == TypeKind.Enum && wire.TypeKind == TypeKind.Enum)
        {
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

    /// <summary>
    /// A one-value struct (like <c>record struct NodeId(ulong Value)</c>): a public constructor
    /// taking the wire type and a public property of that type with the parameter's name.
    /// </summary>
    private static string? WrapperMember(INamedTypeSymbol type, ITypeSymbol wire)
    {
        foreach (IMethodSymbol constructor in type.InstanceConstructors)
        {
            if (constructor.DeclaredAccessibility != Accessibility.Public || constructor.Parameters.Length != 1
                || !SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, wire))
            {
                continue;
            }

            string parameter = constructor.Parameters[0].Name;
            IPropertySymbol? property = ConstructionAnalyzer.PublicProperties(type)
                .FirstOrDefault(p => string.Equals(p.Name, parameter, System.StringComparison.OrdinalIgnoreCase)
                    && SymbolEqualityComparer.Default.Equals(p.Type, wire));
            if (property is not null)
            {
                return property.Name;
            }
        }

        return null;
    }

    private static readonly string[] ReadOnlyCollectionInterfaces =
    {
        "System.Collections.Generic.IReadOnlyList`1",
        "System.Collections.Generic.IReadOnlyCollection`1",
        "System.Collections.Generic.IEnumerable`1",
        "System.Collections.Generic.IList`1",
        "System.Collections.Generic.ICollection`1",
    };

    private static (CollectionKind Kind, ITypeSymbol? Element) CollectionOf(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            return (CollectionKind.Array, array.ElementType);
        }

        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic)
        {
            if (generic.IsNamed("System.Collections.Generic.List`1"))
            {
                return (CollectionKind.List, generic.TypeArguments[0]);
            }

            foreach (string readOnly in ReadOnlyCollectionInterfaces)
            {
                if (generic.IsNamed(readOnly))
                {
                    return (CollectionKind.ReadOnlyInterface, generic.TypeArguments[0]);
                }
            }
        }

        return (CollectionKind.None, null);
    }
}
