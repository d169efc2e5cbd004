using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RaftSdk.Generators.Tests.Infrastructure;
using Xunit;

namespace RaftSdk.Generators.Tests;

/// <summary>
/// The pipeline does no work when nothing relevant changed: step run reasons per edit, as Refit's
/// and System.Text.Json's generator tests check them.
/// </summary>
public sealed class IncrementalTests
{
    private static readonly string[] TrackedSteps =
    {
        RaftGenerator.TrackingNames.Contracts,
        RaftGenerator.TrackingNames.MessageDrafts,
        RaftGenerator.TrackingNames.Messages,
        RaftGenerator.TrackingNames.MessageFiles,
    };

    private static (GeneratorDriver Driver, Compilation Compilation) FirstRun(TestContract contract)
    {
        Compilation compilation = GeneratorHarness.Compile(contract.Sources);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(contract.Protos).RunGenerators(compilation);
        return (driver, compilation);
    }

    private static GeneratorRunResult Rerun(ref GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGenerators(compilation);
        return driver.GetRunResult().Results.Single();
    }

    /// <summary>The reasons of a step's outputs; never empty, so an assertion over them cannot pass vacuously.</summary>
    private static IReadOnlyList<IncrementalStepRunReason> OutputReasons(GeneratorRunResult result, string step)
    {
        var reasons = result.TrackedSteps[step].SelectMany(run => run.Outputs).Select(output => output.Reason).ToList();
        Assert.NotEmpty(reasons);
        return reasons;
    }

    private static IReadOnlyList<IncrementalStepRunReason> SourceOutputReasons(GeneratorRunResult result)
    {
        var reasons = result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs).Select(output => output.Reason).ToList();
        Assert.NotEmpty(reasons);
        return reasons;
    }

    private static Compilation ReplaceTree(Compilation compilation, string pathSuffix, Func<string, string> edit)
    {
        SyntaxTree tree = compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith(pathSuffix, StringComparison.Ordinal));
        return compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(edit(tree.ToString()), GeneratorHarness.ParseOptions, tree.FilePath));
    }

    [Fact]
    public void AddUnrelatedTypeDoesntRegenerate()
    {
        (GeneratorDriver driver, Compilation compilation) = FirstRun(TestContract.ChangeAgent());
        Compilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Elsewhere { public sealed class Unrelated { public int X { get; set; } } }", GeneratorHarness.ParseOptions, "Unrelated.cs"));

        GeneratorRunResult result = Rerun(ref driver, edited);

        foreach (string step in TrackedSteps)
        {
            Assert.All(OutputReasons(result, step), reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, step + ": " + reason));
        }

        Assert.NotEmpty(SourceOutputReasons(result));
        Assert.All(SourceOutputReasons(result), reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "output: " + reason));
    }

    [Fact]
    public void EditUnrelatedFileDoesntRegenerate()
    {
        TestContract contract = TestContract.ChangeAgent();
        (GeneratorDriver driver, Compilation compilation) = FirstRun(contract);
        Compilation edited = ReplaceTree(compilation, "Communication/Communication.cs", text => text + "\n// touched\n");

        GeneratorRunResult result = Rerun(ref driver, edited);

        Assert.All(SourceOutputReasons(result), reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "output: " + reason));
    }

    [Fact]
    public void CommentAndWhitespaceInsideTheContractDontRegenerate()
    {
        (GeneratorDriver driver, Compilation compilation) = FirstRun(TestContract.ChangeAgent());
        Compilation edited = ReplaceTree(compilation, "IRaft.cs", text => text
            .Replace("    NodeId MyId();", "    // a comment that moves every later span\n\n        NodeId MyId();   ")
            .Replace("public interface IRaft", "public   interface   IRaft"));
        edited = ReplaceTree(edited, "Messages/Entry.cs", text => "// leading comment\n\n" + text);

        GeneratorRunResult result = Rerun(ref driver, edited);

        Assert.All(OutputReasons(result, RaftGenerator.TrackingNames.Contracts), reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
        Assert.All(OutputReasons(result, RaftGenerator.TrackingNames.MessageDrafts), reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
        Assert.All(SourceOutputReasons(result), reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "output: " + reason));
    }

    [Fact]
    public void AddMethodRegeneratesTheContract()
    {
        (GeneratorDriver driver, Compilation compilation) = FirstRun(TestContract.ChangeAgent());
        Compilation edited = ReplaceTree(compilation, "IRaft.cs", text => text.Replace(
            "    NodeId MyId();",
            "    NodeId MyId();\n\n    [RaftRoute(\"/raft/status\", Method = \"GET\")]\n    Task<AppendResponse> StatusAsync(CancellationToken cancellationToken);"));

        GeneratorRunResult result = Rerun(ref driver, edited);

        Assert.Contains(IncrementalStepRunReason.Modified, OutputReasons(result, RaftGenerator.TrackingNames.Contracts));
        string client = result.GeneratedSources.Single(s => s.HintName.EndsWith("IRaft.Client.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("StatusAsync(string address", client);
        // Messages did not change.
        Assert.All(OutputReasons(result, RaftGenerator.TrackingNames.Messages), reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
    }

    [Fact]
    public void AddPropertyRegeneratesTheMessage()
    {
        var proto = new InMemoryAdditionalText("diag.proto", File.ReadAllText(RepositoryPaths.Combine("tests", "RaftSdk.Generators.Tests", "DiagnosticCases", "diag.proto")));
        const string Before = "using RaftSdk;\nusing Diag.Wire;\nnamespace Diag { [ProtoMessage(typeof(ReqPb))] public sealed partial record Req { public ulong Id { get; init; } } }";
        Compilation compilation = GeneratorHarness.Compile(new[] { ("Req.cs", Before) });
        GeneratorDriver driver = GeneratorHarness.CreateDriver(new[] { proto }).RunGenerators(compilation);
        Compilation edited = ReplaceTree(compilation, "Req.cs", text => text.Replace("public ulong Id { get; init; }", "public ulong Id { get; init; } public string? Note { get; init; }"));

        GeneratorRunResult result = Rerun(ref driver, edited);

        Assert.Contains(IncrementalStepRunReason.Modified, OutputReasons(result, RaftGenerator.TrackingNames.MessageDrafts));
        Assert.Contains("proto.Note = this.Note;", result.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void EditProtoFileReresolvesWithoutRedoingSymbolWork()
    {
        var proto = new InMemoryAdditionalText("diag.proto", File.ReadAllText(RepositoryPaths.Combine("tests", "RaftSdk.Generators.Tests", "DiagnosticCases", "diag.proto")));
        const string Source = "using RaftSdk;\nusing Diag.Wire;\nnamespace Diag { [ProtoMessage(typeof(ReqPb))] public sealed partial record Req { public ulong Id { get; init; } public string Note { get; init; } = \"\"; } }";
        Compilation compilation = GeneratorHarness.Compile(new[] { ("Req.cs", Source) });
        GeneratorDriver driver = GeneratorHarness.CreateDriver(new[] { proto }).RunGenerators(compilation);
        driver = driver.ReplaceAdditionalText(proto, new InMemoryAdditionalText("diag.proto", proto.GetText()!.ToString().Replace("optional string note", "required string note")));

        GeneratorRunResult result = Rerun(ref driver, compilation);

        Assert.All(OutputReasons(result, RaftGenerator.TrackingNames.MessageDrafts), reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
        Assert.Contains(IncrementalStepRunReason.Modified, OutputReasons(result, RaftGenerator.TrackingNames.Messages));
        Assert.Contains("proto.Note = this.Note ?? string.Empty;", result.GeneratedSources.Single().SourceText.ToString()); // now required: always written
    }

    [Fact]
    public void SecondRunOverAClonedCompilationGivesEqualOutputs()
    {
        TestContract contract = TestContract.ChangeAgent();
        Compilation compilation = GeneratorHarness.Compile(contract.Sources);
        GeneratorRunResult first = GeneratorHarness.CreateDriver(contract.Protos).RunGenerators(compilation).GetRunResult().Results.Single();
        GeneratorRunResult second = GeneratorHarness.CreateDriver(contract.Protos).RunGenerators(compilation.Clone()).GetRunResult().Results.Single();

        Assert.Equal(
            first.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())),
            second.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())));
    }
}
