using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Model;

namespace RaftSdk.Generators.Parsing;

/// <summary>
/// Decides how generated code builds a message: the public constructor whose parameters all
/// name properties (the longest one, so positional records work), then init or set accessors.
/// </summary>
internal static class ConstructionAnalyzer
{
    public static ConstructionSpec Analyze(INamedTypeSymbol type)
    {
        var properties = PublicProperties(type).ToList();
        IMethodSymbol? constructor = type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal)
            .Where(c => c.Parameters.All(p => properties.Any(prop => string.Equals(prop.Name, p.Name, StringComparison.OrdinalIgnoreCase))))
            .Where(c => !IsCopyConstructor(c, type))
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();

        var constructorParameters = constructor is null
            ? new List<string>()
            : constructor.Parameters
                .Select(p => properties.First(prop => string.Equals(prop.Name, p.Name, StringComparison.OrdinalIgnoreCase)).Name)
                .ToList();

        var initializers = properties
            .Where(p => p.SetMethod is { DeclaredAccessibility: Accessibility.Public or Accessibility.Internal })
            .Select(p => p.Name)
            .Where(name => !constructorParameters.Contains(name))
            .ToList();

        return new ConstructionSpec(constructorParameters.ToEquatableArray(), initializers.ToEquatableArray());
    }

    /// <summary>Public instance properties of the type and its base types, most derived first.</summary>
    public static IEnumerable<IPropertySymbol> PublicProperties(INamedTypeSymbol type)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (INamedTypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (IPropertySymbol property in current.GetMembers().OfType<IPropertySymbol>())
            {
                if (property.IsStatic || property.IsIndexer || property.DeclaredAccessibility != Accessibility.Public
                    || property.GetMethod is null || !seen.Add(property.Name))
                {
                    continue;
                }

                yield return property;
            }
        }
    }

    private static bool IsCopyConstructor(IMethodSymbol constructor, INamedTypeSymbol type) =>
        constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, type);
}
