using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace RaftSdk.Generators.Tests.Infrastructure;

/// <summary>
/// Compares generated sources with the approved files under Snapshots/&lt;name&gt;/. Set
/// RAFTSDK_UPDATE_SNAPSHOTS=1 to rewrite them instead; review the diff before committing.
/// </summary>
internal static class Snapshots
{
    public const string UpdateVariable = "RAFTSDK_UPDATE_SNAPSHOTS";

    public static void Verify(string name, IEnumerable<GeneratedSourceResult> sources)
    {
        string directory = RepositoryPaths.Combine("tests", "RaftSdk.Generators.Tests", "Snapshots", name);
        var actual = sources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            foreach (string stale in Directory.EnumerateFiles(directory).Where(f => !actual.ContainsKey(Path.GetFileName(f))))
            {
                File.Delete(stale);
            }

            foreach (KeyValuePair<string, string> source in actual)
            {
                File.WriteAllText(Path.Combine(directory, source.Key), source.Value);
            }

            return;
        }

        var approved = Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory).ToDictionary(f => Path.GetFileName(f), File.ReadAllText, StringComparer.Ordinal)
            : new Dictionary<string, string>();

        Assert.True(
            approved.Keys.OrderBy(k => k, StringComparer.Ordinal).SequenceEqual(actual.Keys.OrderBy(k => k, StringComparer.Ordinal)),
            $"Generated files [{string.Join(", ", actual.Keys.OrderBy(k => k, StringComparer.Ordinal))}] differ from the approved [{string.Join(", ", approved.Keys.OrderBy(k => k, StringComparer.Ordinal))}] in {directory}. Run the tests with {UpdateVariable}=1 and review the diff.");

        foreach (KeyValuePair<string, string> source in actual)
        {
            if (approved[source.Key] != source.Value)
            {
                Assert.Fail($"{source.Key} differs from its approved snapshot in {directory}. Run the tests with {UpdateVariable}=1 and review the diff.\n--- generated ---\n{source.Value}");
            }
        }
    }
}
