using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Diagnostics;
using RaftSdk.Generators.Model;

namespace RaftSdk.Generators.Parsing;

/// <summary>Turns a [RaftContract] interface into a <see cref="ContractSpec"/>: symbols in, data out.</summary>
internal static class ContractParser
{
    public static ParseResult<ContractSpec> Parse(INamedTypeSymbol type, AttributeData attribute, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        string typeName = type.ToDisplayString();

        if (type.TypeKind != TypeKind.Interface)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContractNotInterface, type, typeName));
            return Fail(diagnostics);
        }

        if (!type.IsAccessibleToGeneratedCode() || type.IsGenericType)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContractNotAccessible, type, typeName));
            return Fail(diagnostics);
        }

        string contentType = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string ct ? ct : string.Empty;
        if (!ContentTypes.IsMediaType(contentType))
        {
            diagnostics.Add(new DiagnosticInfo(
                DiagnosticDescriptors.InvalidContentType.Id,
                ContentTypes.ArgumentLocation(attribute, cancellationToken) ?? LocationInfo.From(type),
                new[] { typeName, contentType }.ToEquatableArray()));
        }

        var routes = new List<RouteSpec>();
        var pathOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        var methodNames = type.GetMembers().OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary)
            .GroupBy(m => m.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToImmutableHashSet();

        foreach (ISymbol member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member.IsStatic || member.IsImplicitlyDeclared)
            {
                continue;
            }

            if (member is not IMethodSymbol method || method.MethodKind != MethodKind.Ordinary)
            {
                if (member is IMethodSymbol { AssociatedSymbol: not null })
                {
                    continue; // accessors: reported once through their property or event
                }

                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedMember, member, member.Name));
                continue;
            }

            if (methodNames.Contains(method.Name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OverloadedMethod, method, method.Name));
                continue;
            }

            RouteSpec? route = RouteParser.Parse(method, diagnostics);
            if (route is null)
            {
                continue;
            }

            if (pathOwners.TryGetValue(route.Path, out string? owner))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateRoute, method, route.Path, method.Name, owner));
                continue;
            }

            pathOwners[route.Path] = method.Name;
            routes.Add(route);
        }

        ContractNames.Assign(routes);

        string baseName = type.Name.Length > 1 && type.Name[0] == 'I' && char.IsUpper(type.Name[1]) ? type.Name.Substring(1) : type.Name;
        var spec = new ContractSpec(
            type.ContainingNamespace is { } ns ? TypeNameWriter.NamespaceName(ns) : string.Empty,
            type.Name,
            type.ToFullyQualified(),
            baseName + "Client",
            baseName + "Dispatcher",
            IsEffectivelyPublic(type) ? "public" : "internal",
            contentType,
            routes.ToEquatableArray());

        bool fatal = diagnostics.Count > 0;
        return new ParseResult<ContractSpec>(fatal ? null : spec, diagnostics.ToEquatableArray());
    }

    private static ParseResult<ContractSpec> Fail(List<DiagnosticInfo> diagnostics) => new(null, diagnostics.ToEquatableArray());

    private static bool IsEffectivelyPublic(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }
        }

        return true;
    }
}
