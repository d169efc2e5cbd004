using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using RaftSdk.Analyzers.Shared;

namespace RaftSdk.Analyzers.Rules.SecureModeEmptyPath;

/// <summary>
/// RAFT104: a secure Start method of RaftCommunication (one whose name contains "Secure") called with a
/// constant null, empty or blank path for a file parameter (a string parameter whose name ends in
/// "File" or "Path": keyFile, certFile, caFile). Such a node can never start. Only arguments written
/// out are judged: an omitted optional parameter keeps whatever default the SDK chose for it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SecureModeEmptyPathAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.SecureModeEmptyPath);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            SdkTypes types = SdkTypes.Resolve(start.Compilation);
            if (types.RaftCommunication is null)
            {
                return;
            }

            start.RegisterOperationAction(operation => AnalyzeInvocation(operation, types.RaftCommunication), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol raftCommunication)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, raftCommunication)
            || method.Name.IndexOf("Secure", StringComparison.Ordinal) < 0)
        {
            return;
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue || !IsFileParameter(argument.Parameter))
            {
                continue;
            }

            string? problem = Problem(argument.Value);
            if (problem is not null)
            {
                // The argument's expression as written, "null!" included (the value's own syntax drops the "!").
                SyntaxNode written = argument.Value.Syntax.FirstAncestorOrSelf<ArgumentSyntax>()?.Expression ?? argument.Value.Syntax;
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SecureModeEmptyPath, written.GetLocation(), argument.Parameter!.Name, problem));
            }
        }
    }

    private static bool IsFileParameter(IParameterSymbol? parameter)
    {
        return parameter is { Type.SpecialType: SpecialType.System_String }
            && (parameter.Name.EndsWith("File", StringComparison.Ordinal) || parameter.Name.EndsWith("Path", StringComparison.Ordinal));
    }

    /// <summary>What is wrong with a constant path, or null when it is not a constant or looks like a path.</summary>
    private static string? Problem(IOperation value)
    {
        // string.Empty is a static readonly field rather than a constant, but just as empty.
        if (OperationHelpers.WalkDownConversions(value) is IFieldReferenceOperation { Field: { Name: "Empty", ContainingType.SpecialType: SpecialType.System_String } })
        {
            return "empty";
        }

        Optional<object?> constant = value.ConstantValue;
        if (!constant.HasValue)
        {
            return null;
        }

        return constant.Value switch
        {
            null => "null",
            string { Length: 0 } => "empty",
            string text when string.IsNullOrWhiteSpace(text) => "blank",
            _ => null,
        };
    }
}
