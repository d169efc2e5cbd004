using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RaftSdk.Generators;

namespace RaftSdk.Benchmarks.Generator;

/// <summary>
/// The C# compile (bind and emit IL) of the synthetic project with and without the generated
/// code: the difference is what compiling the generator's output costs, to set beside a full
/// generator run. Each compile takes seconds, so this class runs few iterations.
/// </summary>
[MemoryDiagnoser]
public class EmittedCodeCompileBenchmarks
{
    private CSharpCompilation _without = null!;
    private CSharpCompilation _with = null!;

    [GlobalSetup]
    public void Setup()
    {
        _without = SyntheticProject.CreateCompilation();
        GeneratorDriver driver = SyntheticProject.CreateDriver().RunGenerators(_without);
        _with = _without.AddSyntaxTrees(driver.GetRunResult().GeneratedTrees);
        var errors = _with.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(3).ToList();
        if (errors.Count != 0)
        {
            throw new InvalidOperationException("The synthetic project does not compile: " + string.Join("; ", errors));
        }
    }

    [Benchmark(Baseline = true, Description = "C# compile without the generated code")]
    public bool CompileWithout() => _without.Clone().Emit(Stream.Null).Success;

    [Benchmark(Description = "C# compile with the generated code")]
    public bool CompileWith() => _with.Clone().Emit(Stream.Null).Success;
}
