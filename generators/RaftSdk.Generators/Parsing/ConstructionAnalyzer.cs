using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Model;

namespace RaftSdk.Generators.Parsing;

/// <summary>
/// Decides how generated code builds a message: the public constructor whose parameters all
/// name properties (the longest one, so positional records work), then init or set accessors.
/// Plain loops rather than LINQ: this runs for every message on every compilation change.
/// </summary>
internal static class ConstructionAnalyzer
{
    /// <param name="properties">The type's <see cref="PublicProperties"/>, computed once by the caller.</param>
    public static ConstructionSpec Analyze(INamedTypeSymbol type, IReadOnlyList<IPropertySymbol> properties)
    {
        IMethodSymbol? constructor = null;
        foreach (IMethodSymbol candidate in type.InstanceConstructors)
        {
            if (candidate.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal)
                || (constructor is not null && candidate.Parameters.Length <= constructor.Parameters.Length)
                || IsCopyConstructor(candidate, type)
                || !AllParametersNameProperties(candidate, properties))
            {
                continue;
            }

            constructor = candidate;
        }

        string[] constructorParameters = constructor is null ? Array.Empty<string>() : new string[constructor.Parameters.Length];
        for (int i = 0; i < constructorParameters.Length; i++)
        {
            constructorParameters[i] = CSharpIdentifier.Escape(PropertyNamed(properties, constructor!.Parameters[i].Name)!.Name);
        }

        var initializers = new List<string>(properties.Count);
        foreach (IPropertySymbol property in properties)
        {
            string identifier = CSharpIdentifier.Escape(property.Name);
            if (property.SetMethod is { DeclaredAccessibility: Accessibility.Public or Accessibility.Internal }
                && Array.IndexOf(constructorParameters, identifier) < 0)
            {
                initializers.Add(identifier);
            }
        }

        return new ConstructionSpec(constructorParameters.ToEquatableArray(), initializers.ToEquatableArray());
    }

    /// <summary>Public instance properties of the type and its base types, most derived first.</summary>
    public static List<IPropertySymbol> PublicProperties(INamedTypeSymbol type)
    {
        var properties = new List<IPropertySymbol>();
        for (INamedTypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers())
            {
                // Kind first: a record has several times more methods and fields than properties, and
                // the pattern below costs an interface cast per member.
                if (member.Kind == SymbolKind.Property
                    && member is IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, GetMethod: not null } property
                    && PropertyNamed(properties, property.Name, StringComparison.Ordinal) is null)
                {
                    properties.Add(property);
                }
            }
        }

        return properties;
    }

    private static bool AllParametersNameProperties(IMethodSymbol constructor, IReadOnlyList<IPropertySymbol> properties)
    {
        foreach (IParameterSymbol parameter in constructor.Parameters)
        {
            if (PropertyNamed(properties, parameter.Name) is null)
            {
                return false;
            }
        }

        return true;
    }

    private static IPropertySymbol? PropertyNamed(IReadOnlyList<IPropertySymbol> properties, string name, StringComparison comparison = StringComparison.OrdinalIgnoreCase)
    {
        for (int i = 0; i < properties.Count; i++)
        {
            if (string.Equals(properties[i].Name, name, comparison))
            {
                return properties[i];
            }
        }

        return null;
    }

    private static bool IsCopyConstructor(IMethodSymbol constructor, INamedTypeSymbol type) =>
        constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, type);
}
