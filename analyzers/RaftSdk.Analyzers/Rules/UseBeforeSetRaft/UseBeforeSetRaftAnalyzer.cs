using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using RaftSdk.Analyzers.Shared;

namespace RaftSdk.Analyzers.Rules.UseBeforeSetRaft;

/// <summary>
/// RAFT101: a peer call (Discover, RequestVote, Append, Propose, Join) on a communication object before
/// SetRaft was called on it. Two shapes are covered: a local that a Start method creates in the same
/// method (<see cref="LocalSetRaftFlow"/>, flow-aware), and a private field or property that its type
/// creates with a Start method but never passes to SetRaft (<see cref="MemberSetRaftUsage"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UseBeforeSetRaftAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the receiver expression the code fix calls SetRaft on.</summary>
    public const string ReceiverProperty = "Receiver";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.UseBeforeSetRaft);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            SdkTypes types = SdkTypes.Resolve(start.Compilation);
            if (types.Communication is null || types.RaftCommunication is null)
            {
                return;
            }

            start.RegisterOperationBlockAction(block => AnalyzeBlocks(block, types));
            start.RegisterSymbolStartAction(symbol => MemberSetRaftUsage.Register(symbol, types), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeBlocks(OperationBlockAnalysisContext context, SdkTypes types)
    {
        foreach (IOperation block in context.OperationBlocks)
        {
            if (block is not (IMethodBodyOperation or IConstructorBodyOperation or IBlockOperation) || !ContainsStartCall(block, types))
            {
                continue;
            }

            LocalSetRaftFlow.Analyze(context.GetControlFlowGraph(block), types, context.ReportDiagnostic);
        }
    }

    /// <summary>A cheap pre-check so that the graph is built only for methods that create a communication object.</summary>
    private static bool ContainsStartCall(IOperation block, SdkTypes types)
    {
        foreach (IOperation operation in block.Descendants())
        {
            if (operation is IInvocationOperation && StartMethods.IsStartCall(types, operation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Builds the diagnostic. <paramref name="creation"/> (the statement that created the object) and
    /// <paramref name="receiver"/> are passed only when inserting SetRaft right after that statement is a
    /// correct fix; the code fix offers nothing otherwise.
    /// </summary>
    internal static Diagnostic Create(IOperation call, string method, string receiverName, string detail, Location? creation, string? receiver)
    {
        if (creation is null || receiver is null)
        {
            return Diagnostic.Create(DiagnosticDescriptors.UseBeforeSetRaft, call.Syntax.GetLocation(), method, receiverName, detail);
        }

        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty.Add(ReceiverProperty, receiver);
        return Diagnostic.Create(DiagnosticDescriptors.UseBeforeSetRaft, call.Syntax.GetLocation(), new[] { creation }, properties, method, receiverName, detail);
    }
}
