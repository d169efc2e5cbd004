using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace RaftSdk.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs an analyzer and its code fix over a snippet compiled against the real SDK. The testing library
/// applies the fix one diagnostic at a time and also through Fix All (document, project and solution
/// scope) and requires every route to reach <c>fixedSource</c>.
/// </summary>
internal static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static Task VerifyAsync(string source, string fixedSource)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource };
        return test.RunAsync();
    }

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = SdkTestState.NoPackage;
            SdkTestState.Configure(TestState);
        }
    }
}
