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
/// <remarks>
/// Edits come two ways. "bound" reruns the warm driver over one edited compilation every
/// iteration, so its symbols are already built after the first: what the generator itself costs.
/// "fresh" gives every iteration a new compilation (as an IDE does on a keystroke), so the
/// transforms also pay for Roslyn building the symbols they read; see docs/performance.md.
/// </remarks>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private Compilation _unrelatedEdit = null!;
    private Compilation _contractEdit = null!;
    private ImmutableArray<AdditionalText> _protos;
    private GeneratorDriver _warmGenerator = null!;
    private GeneratorDriver _warmEmpty = null!;
    private Compilation _freshEdit = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = SyntheticProject.CreateCompilation();
        _protos = ImmutableArray.Create(SyntheticProject.Proto());
        _warmGenerator = SyntheticProject.CreateDriver(withGenerator: true).RunGenerators(_compilation);
        _warmEmpty = SyntheticProject.CreateDriver(withGenerator: false).RunGenerators(_compilation);
        _unrelatedEdit = _compilation.AddSyntaxTrees(SyntheticProject.UnrelatedFile());
        SyntaxTree contract = _compilation.SyntaxTrees.First(t => t.FilePath == SyntheticProject.ContractPath(0));
        _contractEdit = _compilation.ReplaceSyntaxTree(contract, SyntheticProject.EditedContract(0));

        GeneratorDriverRunResult run = _warmGenerator.GetRunResult();
        if (run.Diagnostics.Length != 0 || run.GeneratedTrees.Length != SyntheticProject.ExpectedGeneratedFiles)
        {
            throw new InvalidOperationException($"Unexpected generator result: {run.GeneratedTrees.Length} trees, {run.Diagnostics.Length} diagnostics.");
        }

    }

    [Benchmark(Description = "full run: no generator")]
    public GeneratorDriver FullRunEmptyDriver() => SyntheticProject.CreateDriver(withGenerator: false).RunGenerators(_compilation.Clone());

    [Benchmark(Description = "full run: RaftSdk generator")]
    public GeneratorDriver FullRun() => SyntheticProject.CreateDriver(withGenerator: true).RunGenerators(_compilation.Clone());

    [Benchmark(Description = "unrelated edit, bound: no generator")]
    public GeneratorDriver UnrelatedEditEmptyDriver() => _warmEmpty.RunGenerators(_unrelatedEdit);

    [Benchmark(Description = "unrelated edit, bound: RaftSdk generator")]
    public GeneratorDriver UnrelatedEdit() => _warmGenerator.RunGenerators(_unrelatedEdit);

    [IterationSetup(Targets = new[] { nameof(UnrelatedEditFreshEmptyDriver), nameof(UnrelatedEditFresh) })]
    public void NewUnrelatedEdit() => _freshEdit = _compilation.AddSyntaxTrees(SyntheticProject.UnrelatedFile());

    [Benchmark(Description = "unrelated edit, fresh: no generator")]
    public GeneratorDriver UnrelatedEditFreshEmptyDriver() => _warmEmpty.RunGenerators(_freshEdit);

    [Benchmark(Description = "unrelated edit, fresh: RaftSdk generator")]
    public GeneratorDriver UnrelatedEditFresh() => _warmGenerator.RunGenerators(_freshEdit);

    [Benchmark(Description = "one contract edited, bound: no generator")]
    public GeneratorDriver ContractEditEmptyDriver() => _warmEmpty.RunGenerators(_contractEdit);

    [Benchmark(Description = "one contract edited, bound: RaftSdk generator")]
    public GeneratorDriver ContractEdit() => _warmGenerator.RunGenerators(_contractEdit);
}
