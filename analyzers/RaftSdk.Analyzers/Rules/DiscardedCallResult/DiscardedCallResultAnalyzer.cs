using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using RaftSdk.Analyzers.Shared;

namespace RaftSdk.Analyzers.Rules.DiscardedCallResult;

/// <summary>
/// RAFT105: the Task or ValueTask of a peer call (Discover, RequestVote, Append, Propose, Join on
/// ICommunication, or any task-returning method of a generated client) used as a statement of its own:
/// neither awaited, stored, passed on nor returned. An explicit discard (<c>_ = ...</c>) states the
/// intent and stays silent, as do continuations such as <c>ContinueWith</c> that observe the task.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DiscardedCallResultAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.DiscardedCallResult);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            SdkTypes types = SdkTypes.Resolve(start.Compilation);
            if (types.Communication is null && types.RaftContractAttribute is null)
            {
                return;
            }

            start.RegisterOperationAction(operation => AnalyzeInvocation(operation, types), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, SdkTypes types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        if (!types.IsTaskLike(method.ReturnType) || !GeneratedClients.IsPeerCallTarget(types, method) || !IsDiscarded(invocation))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DiscardedCallResult, invocation.Syntax.GetLocation(), method.Name));
    }

    /// <summary>True when the call's task ends up as an expression statement, possibly through ConfigureAwait or <c>?.</c>.</summary>
    private static bool IsDiscarded(IOperation call)
    {
        IOperation current = call;
        while (true)
        {
            IOperation? parent = OperationHelpers.ParentSkippingConversions(current, out IOperation child);
            switch (parent)
            {
                case IExpressionStatementOperation:
                    return true;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure when configure.Instance == child:
                    current = configure;
                    break;
                case IConditionalAccessOperation conditional when conditional.WhenNotNull == child:
                    current = conditional;
                    break;
                default:
                    return false;
            }
        }
    }
}
