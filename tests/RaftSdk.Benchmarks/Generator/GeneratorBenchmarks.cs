using System;
using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RaftSdk.Generators;

namespace RaftSdk.Benchmarks.Generator;

/// <summary>
/// The generator over 200 contracts x 8 calls: a full run, a run after an unrelated edit and a run
/// after an edit to one contract, each beside the same driver with no generator.
/// <see cref="EmittedCodeCompileBenchmarks"/> measures the C# compile of what it emits.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private Compilation _unrelatedEdit = null!;
    private Compilation _contractEdit = null!;
    private ImmutableArray<AdditionalText> _protos;
    private GeneratorDriver _warmGenerator = null!;
    private GeneratorDriver _warmEmpty = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = SyntheticProject.CreateCompilation();
        _protos = ImmutableArray.Create(SyntheticProject.Proto());
        _warmGenerator = CreateDriver(withGenerator: true).RunGenerators(_compilation);
        _warmEmpty = CreateDriver(withGenerator: false).RunGenerators(_compilation);
        _unrelatedEdit = _compilation.AddSyntaxTrees(SyntheticProject.UnrelatedFile());
        SyntaxTree contract = _compilation.SyntaxTrees.First(t => t.FilePath == SyntheticProject.ContractPath(0));
        _contractEdit = _compilation.ReplaceSyntaxTree(contract, SyntheticProject.EditedContract(0));

        GeneratorDriverRunResult run = _warmGenerator.GetRunResult();
        if (run.Diagnostics.Length != 0 || run.GeneratedTrees.Length != (SyntheticProject.ContractCount * 2) + (SyntheticProject.ContractCount * SyntheticProject.CallsPerContract * 2))
        {
            throw new InvalidOperationException($"Unexpected generator result: {run.GeneratedTrees.Length} trees, {run.Diagnostics.Length} diagnostics.");
        }

    }

    [Benchmark(Description = "full run: no generator")]
    public GeneratorDriver FullRunEmptyDriver() => CreateDriver(withGenerator: false).RunGenerators(_compilation.Clone());

    [Benchmark(Description = "full run: RaftSdk generator")]
    public GeneratorDriver FullRun() => CreateDriver(withGenerator: true).RunGenerators(_compilation.Clone());

    [Benchmark(Description = "unrelated edit: no generator")]
    public GeneratorDriver UnrelatedEditEmptyDriver() => _warmEmpty.RunGenerators(_unrelatedEdit);

    [Benchmark(Description = "unrelated edit: RaftSdk generator")]
    public GeneratorDriver UnrelatedEdit() => _warmGenerator.RunGenerators(_unrelatedEdit);

    [Benchmark(Description = "one contract edited: no generator")]
    public GeneratorDriver ContractEditEmptyDriver() => _warmEmpty.RunGenerators(_contractEdit);

    [Benchmark(Description = "one contract edited: RaftSdk generator")]
    public GeneratorDriver ContractEdit() => _warmGenerator.RunGenerators(_contractEdit);

    private GeneratorDriver CreateDriver(bool withGenerator) => CSharpGeneratorDriver.Create(
        withGenerator ? new[] { new RaftGenerator().AsSourceGenerator() } : Array.Empty<ISourceGenerator>(),
        _protos,
        SyntheticProject.ParseOptions);
}
