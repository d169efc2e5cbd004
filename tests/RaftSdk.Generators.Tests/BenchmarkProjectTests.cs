using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RaftSdk.Benchmarks.Generator;
using Xunit;

namespace RaftSdk.Generators.Tests;

/// <summary>
/// The generator benchmark's synthetic project (200 contracts x 8 calls, 3,200 message records),
/// run here so that what docs/performance.md measures is also what the test command proves:
/// the expected files, and no regeneration after an unrelated edit at that scale.
/// </summary>
public sealed class BenchmarkProjectTests
{
    private static IncrementalStepRunReason[] SourceOutputReasons(GeneratorRunResult result) =>
        result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs).Select(output => output.Reason).ToArray();

    [Fact]
    public void Edits_to_the_synthetic_project_regenerate_only_what_they_touch()
    {
        CSharpCompilation compilation = SyntheticProject.CreateCompilation();
        GeneratorDriver driver = SyntheticProject.CreateDriver(trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        Assert.Null(first.Exception);
        Assert.Empty(first.Diagnostics);
        Assert.Equal(SyntheticProject.ExpectedGeneratedFiles, first.GeneratedSources.Length);

        // An unrelated file: nothing is written again.
        GeneratorRunResult unrelated = driver.RunGenerators(compilation.AddSyntaxTrees(SyntheticProject.UnrelatedFile())).GetRunResult().Results.Single();
        IncrementalStepRunReason[] reasons = SourceOutputReasons(unrelated);
        Assert.Equal(SyntheticProject.ContractCount * 2, reasons.Length); // one output per contract (client + dispatcher) and per message file
        Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));

        // A method added to one contract: its output (client and dispatcher) is written again, nothing else.
        SyntaxTree contract = compilation.SyntaxTrees.Single(t => t.FilePath == SyntheticProject.ContractPath(0));
        GeneratorRunResult edited = driver.RunGenerators(compilation.ReplaceSyntaxTree(contract, SyntheticProject.EditedContract(0))).GetRunResult().Results.Single();
        IncrementalStepRunReason[] afterEdit = SourceOutputReasons(edited);
        Assert.Equal(1, afterEdit.Count(reason => reason is IncrementalStepRunReason.Modified));
        Assert.Equal(afterEdit.Length - 1, afterEdit.Count(reason => reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.Contains("ExtraAsync", edited.GeneratedSources.Single(s => s.HintName == "Synthetic.IService0.Client.g.cs").SourceText.ToString());
    }
}
