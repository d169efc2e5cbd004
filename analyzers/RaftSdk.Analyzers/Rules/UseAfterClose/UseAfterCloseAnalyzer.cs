using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using RaftSdk.Analyzers.Shared;

namespace RaftSdk.Analyzers.Rules.UseAfterClose;

/// <summary>
/// RAFT102: a communication object used after Close, Dispose or DisposeAsync was called on it in the
/// same method. Flow-aware (<see cref="CloseFlow"/>): it reports only when the object is closed on every
/// path that reaches the use.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UseAfterCloseAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.UseAfterClose);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            SdkTypes types = SdkTypes.Resolve(start.Compilation);
            if (types.Communication is null)
            {
                return;
            }

            start.RegisterOperationBlockAction(block => AnalyzeBlocks(block, types));
        });
    }

    private static void AnalyzeBlocks(OperationBlockAnalysisContext context, SdkTypes types)
    {
        foreach (IOperation block in context.OperationBlocks)
        {
            if (block is (IMethodBodyOperation or IConstructorBodyOperation or IBlockOperation) && ContainsClose(block, types))
            {
                CloseFlow.Analyze(context.GetControlFlowGraph(block), context.OwningSymbol.ContainingType, types, context.ReportDiagnostic);
            }
        }
    }

    /// <summary>A cheap pre-check so that the graph is built only for methods that close a communication object.</summary>
    private static bool ContainsClose(IOperation block, SdkTypes types)
    {
        foreach (IOperation operation in block.Descendants())
        {
            if (operation is IInvocationOperation { Instance: not null } invocation
                && CommunicationMembers.Classify(types, invocation.TargetMethod, invocation.Instance.Type) == CommunicationMemberKind.Close)
            {
                return true;
            }
        }

        return false;
    }
}
