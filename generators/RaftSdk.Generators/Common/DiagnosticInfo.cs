using System.Linq;
using Microsoft.CodeAnalysis;

namespace RaftSdk.Generators.Common;

/// <summary>A diagnostic as equatable data, reported in the output step.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor.Id, location, arguments.ToEquatableArray());

    /// <summary>Located on <paramref name="symbol"/>'s declaration; line spans are computed only here, when something is wrong.</summary>
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, ISymbol symbol, params string[] arguments) =>
        new(descriptor.Id, LocationInfo.From(symbol) ?? (symbol.ContainingType is { } type ? LocationInfo.From(type) : null), arguments.ToEquatableArray());

    /// <summary>
    /// Rebuilds the diagnostic on its syntax tree: only a source location (not a file-path one)
    /// is checked against #pragma directives.
    /// </summary>
    public Diagnostic ToDiagnostic(System.Func<string, SyntaxTree?> findTree)
    {
        Microsoft.CodeAnalysis.Location location = Microsoft.CodeAnalysis.Location.None;
        if (Location is not null)
        {
            location = findTree(Location.FilePath) is { } tree
                ? Microsoft.CodeAnalysis.Location.Create(tree, Location.TextSpan)
                : Location.ToLocation();
        }

        return Diagnostic.Create(Diagnostics.DiagnosticDescriptors.ById(Id), location, Arguments.Cast<object>().ToArray());
    }
}
