using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using RaftSdk.Analyzers.Rules.UseBeforeSetRaft;

namespace RaftSdk.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs every analyzer the package ships (found by reflection, so a new one is included) over a snippet
/// and requires exactly the diagnostics marked in it: a case also proves that no other rule fires.
/// </summary>
internal static class AllAnalyzersVerifier
{
    public static IReadOnlyList<DiagnosticAnalyzer> Analyzers { get; } = typeof(UseBeforeSetRaftAnalyzer).Assembly.GetTypes()
        .Where(type => typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && !type.IsAbstract && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(type => type.FullName, StringComparer.Ordinal)
        .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
        .ToArray();

    /// <summary>Diagnostics are given with markup (<c>{|RAFT101:...|}</c>): the id and the exact span.</summary>
    public static Task VerifyAsync(string source)
    {
        var test = new Test { TestCode = source };
        return test.RunAsync();
    }

    private sealed class Test : CSharpAnalyzerTest<UseBeforeSetRaftAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = SdkTestState.NoPackage;
            SdkTestState.Configure(TestState);
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => Analyzers;
    }
}
