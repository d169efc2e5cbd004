using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using RaftSdk.Analyzers.Tests.Infrastructure;
using Xunit;

namespace RaftSdk.Analyzers.Tests.Common;

/// <summary>Every rule has an id in the analyzers' range, a help link, a docs page and a release-tracking entry.</summary>
public class DescriptorTests
{
    public static IEnumerable<object[]> Descriptors() =>
        Analyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => new object[] { d.Id });

    [Fact]
    public void TheSixRulesOfIssue4AreThere()
    {
        string[] ids = Analyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "RAFT101", "RAFT102", "RAFT103", "RAFT104", "RAFT105", "RAFT106" }, ids);
    }

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void HasIdLinkDocsAndReleaseEntry(string id)
    {
        DiagnosticDescriptor descriptor = Analyzers().SelectMany(a => a.SupportedDiagnostics).Single(d => d.Id == id);

        int number = int.Parse(id.Substring("RAFT".Length), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(number, 100, 199);
        Assert.Equal($"https://github.com/raftsdk/RaftSdk/blob/main/docs/diagnostics/{id}.md", descriptor.HelpLinkUri);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));

        string root = RepoPaths.Root;
        string page = File.ReadAllText(Path.Combine(root, "docs", "diagnostics", id + ".md"));
        Assert.StartsWith($"# {id}: {descriptor.Title}", page, StringComparison.Ordinal);
        Assert.Contains($"| Severity | {descriptor.DefaultSeverity} |", page, StringComparison.Ordinal);

        string releases = File.ReadAllText(Path.Combine(root, "analyzers", "RaftSdk.Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} |", releases, StringComparison.Ordinal);
    }

    private static IEnumerable<DiagnosticAnalyzer> Analyzers() =>
        typeof(DiagnosticIds).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!);
}
