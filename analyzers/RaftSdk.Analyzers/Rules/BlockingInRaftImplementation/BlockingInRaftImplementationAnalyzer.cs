using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using RaftSdk.Analyzers.Shared;

namespace RaftSdk.Analyzers.Rules.BlockingInRaftImplementation;

/// <summary>
/// RAFT106: a blocking wait (<c>.Result</c>, <c>.Wait()</c>, <c>Task.WaitAll/WaitAny</c>,
/// <c>GetAwaiter().GetResult()</c>, <c>Thread.Sleep</c>) in the body of a method that implements a member
/// of IRaft or of any other [RaftContract] interface; the transport calls those on server threads.
/// </summary>
/// <remarks>
/// Code inside a lambda is not judged: it may run elsewhere (Task.Run, a timer); nor is a local function
/// unless it is only ever called directly, and so runs on the same thread (<see cref="InlineLocalFunctions"/>).
/// Reading the result of a task that is known to be complete is not blocking; see <see cref="CompletedTasks"/>.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingInRaftImplementationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.BlockingInRaftImplementation);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            SdkTypes types = SdkTypes.Resolve(start.Compilation);
            if ((types.Raft is null && types.RaftContractAttribute is null) || types.Task is null)
            {
                return;
            }

            start.RegisterOperationBlockStartAction(block =>
            {
                if (block.OwningSymbol is IMethodSymbol method && RaftImplementations.Implements(types, method))
                {
                    block.RegisterOperationAction(operation => AnalyzeOperation(operation, types, method), OperationKind.Invocation, OperationKind.PropertyReference);
                }
            });
        });
    }

    private static void AnalyzeOperation(OperationAnalysisContext context, SdkTypes types, IMethodSymbol implementation)
    {
        IOperation operation = context.Operation;
        string? blocking = BlockingCalls.Describe(types, operation, out IOperation? task);
        if (blocking is null || !InlineLocalFunctions.RunsInline(operation) || CompletedTasks.IsKnownComplete(task, operation))
        {
            return;
        }

        string member = implementation.ContainingType.Name + "." + implementation.Name;
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BlockingInRaftImplementation, operation.Syntax.GetLocation(), blocking, member));
    }
}
