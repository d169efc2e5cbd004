using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace RaftSdk.Generators.Tests.Infrastructure;

/// <summary>The changeagent contract as it ships: its C# sources and .proto files, read from the repository.</summary>
internal static class ChangeAgentSources
{
    private static readonly string ProjectDirectory = RepositoryPaths.Combine("runtime", "RaftSdk.ChangeAgent");

    public static IReadOnlyList<(string Path, string Text)> CSharp() =>
        Directory.EnumerateFiles(ProjectDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar)
                && !path.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
            .OrderBy(path => path, System.StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/'), File.ReadAllText(path)))
            .ToList();

    /// <summary>The one-value structs of the contract (Values/), which other test contracts use too.</summary>
    public static IReadOnlyList<(string Path, string Text)> Values() =>
        CSharp().Where(source => source.Path.StartsWith("runtime/RaftSdk.ChangeAgent/Values/", System.StringComparison.Ordinal)).ToList();

    public static IReadOnlyList<AdditionalText> Protos() =>
        Directory.EnumerateFiles(Path.Combine(ProjectDirectory, "Protos"), "*.proto")
            .OrderBy(path => path, System.StringComparer.Ordinal)
            .Select(path => (AdditionalText)new InMemoryAdditionalText(
                Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/'), File.ReadAllText(path)))
            .ToList();
}
