using System.Linq;
using Microsoft.CodeAnalysis;

namespace RaftSdk.Generators.Common;

/// <summary>A diagnostic as equatable data, reported in the output step.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor.Id, location, arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(
            Diagnostics.DiagnosticDescriptors.ById(Id),
            Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None,
            Arguments.Cast<object>().ToArray());
}
