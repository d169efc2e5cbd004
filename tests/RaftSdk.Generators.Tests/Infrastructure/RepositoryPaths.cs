using System;
using System.IO;

namespace RaftSdk.Generators.Tests.Infrastructure;

/// <summary>Finds files of the repository from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RaftSdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("RaftSdk.sln not found above " + AppContext.BaseDirectory);
    }
}
