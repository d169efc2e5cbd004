using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using RaftSdk.Analyzers.Tests.Infrastructure;
using Xunit;

namespace RaftSdk.Analyzers.Tests.Common;

/// <summary>
/// No false positives on our own code: the repository's sample, which uses the transport the way the
/// docs recommend, compiles cleanly and draws no RAFT1xx diagnostic from any rule.
/// </summary>
public class OwnSampleTests
{
    [Fact]
    public async Task TwoNodesSample_HasNoDiagnosticFromTheseRules()
    {
        string folder = Path.Combine(RepoPaths.Root, "samples", "RaftSdk.Samples.TwoNodes");
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        SyntaxTree[] trees = Directory.EnumerateFiles(folder, "*.cs", SearchOption.TopDirectoryOnly)
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), parseOptions, path))
            .ToArray();
        CSharpCompilation compilation = CSharpCompilation.Create(
            "TwoNodes",
            trees,
            SdkReferences.All,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        // A sample that does not compile here would be analyzed with error types, and prove nothing.
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains(trees, tree => tree.ToString().Contains("RaftCommunication.Start", StringComparison.Ordinal));

        ImmutableArray<DiagnosticAnalyzer> analyzers = typeof(DiagnosticIds).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        Assert.Equal(6, analyzers.Length);

        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
        Assert.Empty(diagnostics);
    }
}
