using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using RaftSdk.Generators.Tests.Infrastructure;
using Xunit;

namespace RaftSdk.Generators.Tests;

/// <summary>
/// Approved output for every test contract: together they cover empty, nested and repeated
/// messages, bytes, enums, optional fields, several interfaces in one project, the global
/// namespace, a deep namespace hierarchy, user names that collide with generated ones, and streamed request bodies.
/// </summary>
public sealed class SnapshotTests
{
    public static TheoryData<string> Contracts() => new() { "ChangeAgent", "GlobalPing", "DeepNamespaceStorage", "SeveralContracts", "KeyValue", "Collisions", "Keywords", "StreamedSnapshot" };

    private static (GeneratorRunResult Result, Compilation Output, System.Collections.Immutable.ImmutableArray<Diagnostic> Diagnostics) Run(string name)
    {
        TestContract contract = TestContract.ByName(name);
        Compilation input = GeneratorHarness.Compile(contract.Sources);
        (Compilation output, var diagnostics, GeneratorDriver driver) = GeneratorHarness.Run(input, contract.Protos);
        return (driver.GetRunResult().Results.Single(), output, diagnostics);
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void Output_matches_the_approved_snapshot(string name)
    {
        var (result, _, diagnostics) = Run(name);
        Assert.Empty(diagnostics);
        TestContract contract = TestContract.ByName(name);
        Assert.Empty(GeneratorHarness.AnalyzerDiagnostics(GeneratorHarness.Compile(contract.Sources), contract.Protos));
        Assert.Null(result.Exception);
        Snapshots.Verify(name, result.GeneratedSources);
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void Output_compiles_without_warnings_with_nullable_enabled(string name)
    {
        var (_, output, _) = Run(name);
        Assert.Empty(GeneratorHarness.CompileDiagnostics(output));
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void Output_is_the_same_under_another_culture(string name)
    {
        string Generate() => string.Join("\n", Run(name).Result.GeneratedSources.Select(s => s.HintName + "\n" + s.SourceText));

        string invariant = Generate();
        CultureInfo saved = CultureInfo.CurrentCulture;
        CultureInfo savedUi = CultureInfo.CurrentUICulture;
        try
        {
            // Turkish dotted/dotless i and a comma decimal separator break culture-sensitive code.
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("tr-TR");
            Assert.Equal(invariant, Generate());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
            CultureInfo.CurrentUICulture = savedUi;
        }
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void Output_uses_no_reflection(string name)
    {
        var (result, _, _) = Run(name);
        Assert.All(result.GeneratedSources, source =>
        {
            string text = source.SourceText.ToString();
            Assert.DoesNotContain("System.Reflection", text);
            Assert.DoesNotContain("typeof(", text);
            Assert.DoesNotContain("GetType()", text);
            Assert.DoesNotContain("Activator", text);
        });
    }

    /// <summary>
    /// Issue 22: the field layout is decided at compile time. Generated code asks Google.Protobuf's
    /// descriptors nothing at run time (no ProtoFieldInfo, no Descriptor, no run-time field order).
    /// </summary>
    [Theory]
    [MemberData(nameof(Contracts))]
    public void Output_looks_up_no_descriptor_at_run_time(string name)
    {
        var (result, _, _) = Run(name);
        Assert.All(result.GeneratedSources, source =>
        {
            string text = source.SourceText.ToString();
            Assert.DoesNotContain("ProtoFieldInfo", text);
            Assert.DoesNotContain(".Descriptor", text);
            Assert.DoesNotContain("FieldNumber", text);
        });
    }

    /// <summary>
    /// Issue 22: each WriteProto writes each field once, in one straight pass; before, a second copy
    /// of every write sat in a loop over the field order found at run time.
    /// </summary>
    [Theory]
    [MemberData(nameof(Contracts))]
    public void Every_WriteProto_writes_each_field_once(string name)
    {
        var (result, _, _) = Run(name);
        var writeProtos = result.GeneratedSources
            .SelectMany(s => s.SyntaxTree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>())
            .Where(m => m.Identifier.Text == "WriteProto" && m.Body is not null)
            .ToList();
        Assert.NotEmpty(writeProtos);
        Assert.All(writeProtos, method =>
        {
            // A field's first write: a tag (now) or a Write/WriteElement/WriteMessage call with the field (before).
            string[] fieldWrites = method.Body!.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>()
                .Select(i => i.ToString())
                .Where(call => call.StartsWith("writer.WriteTag(", System.StringComparison.Ordinal) || call.Contains("(s_raftWire", System.StringComparison.Ordinal))
                .ToArray();
            Assert.Equal(fieldWrites.Distinct().Count(), fieldWrites.Length);
            Assert.Empty(method.Body.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.SwitchStatementSyntax>());
        });
    }
}
