using Microsoft.CodeAnalysis.Testing;

namespace RaftSdk.Analyzers.Tests.Infrastructure;

/// <summary>Points a test at <see cref="SdkReferences"/> instead of a reference-assembly package download.</summary>
internal static class SdkTestState
{
    /// <summary>A target framework with no package: nothing is downloaded, everything comes from <see cref="SdkReferences"/>.</summary>
    public static ReferenceAssemblies NoPackage { get; } = new ReferenceAssemblies("net10.0");

    public static void Configure(SolutionState state)
    {
        state.AdditionalReferences.AddRange(SdkReferences.All);
    }
}
