using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace RaftSdk.Generators.Tests.Infrastructure;

/// <summary>Runs the real generator through <see cref="CSharpGeneratorDriver"/> over in-memory compilations.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>The running framework (with ASP.NET Core), Google.Protobuf, the runtime and the changeagent Pb classes.</summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string platform = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        var paths = platform.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(p).StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal)
                || Path.GetFileName(p).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .ToList();
        paths.Add(typeof(Google.Protobuf.IMessage).Assembly.Location);
        paths.Add(typeof(RaftSdk.ProtoMessageAttribute).Assembly.Location);
        paths.Add(typeof(RaftSdk.ChangeAgent.Protobufs.EntryPb).Assembly.Location);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }

    public static CSharpCompilation Compile(IEnumerable<(string Path, string Text)> sources, string assemblyName = "TestContracts") =>
        CSharpCompilation.Create(
            assemblyName,
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path)),
            References.Value,
            CompilationOptions);

    public static readonly CSharpCompilationOptions CompilationOptions = new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> additionalTexts, bool trackSteps = true) =>
        CSharpGeneratorDriver.Create(
            new[] { new RaftGenerator().AsSourceGenerator() },
            additionalTexts,
            ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    public static (Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorDriver Driver) Run(
        Compilation input, IEnumerable<AdditionalText> additionalTexts)
    {
        GeneratorDriver driver = CreateDriver(additionalTexts).RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return (output, diagnostics, driver);
    }

    /// <summary>What the RaftSdk diagnostic analyzer reports on a compilation, with the .proto files as AdditionalFiles.</summary>
    public static ImmutableArray<Diagnostic> AnalyzerDiagnostics(Compilation compilation, IEnumerable<AdditionalText> protos)
    {
        var analyzers = ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new Diagnostics.RaftContractDiagnosticAnalyzer());
        var options = new Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions(protos.ToImmutableArray());
        return compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }

    /// <summary>Compiler errors and warnings of the output compilation, for "generated code compiles clean" checks.</summary>
    public static ImmutableArray<Diagnostic> CompileDiagnostics(Compilation output) =>
        output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
}
