using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using RaftSdk.Analyzers.Shared;

namespace RaftSdk.Analyzers.Rules.BlockingInRaftImplementation;

/// <summary>
/// A heuristic that keeps RAFT106 quiet where waiting cannot block: reading a task's result after the
/// method has already awaited it, checked it for completion (<c>IsCompleted</c>, <c>IsCompletedSuccessfully</c>,
/// <c>IsFaulted</c>, <c>IsCanceled</c>, <c>Status</c>), or awaited <c>Task.WhenAll</c>. "After" means
/// earlier in the source text of the same method, which is not path-exact but errs on the side of silence.
/// </summary>
internal static class CompletedTasks
{
    public static bool IsKnownComplete(IOperation? task, IOperation blocking)
    {
        ISymbol? symbol = OperationHelpers.ReferencedSymbol(task);
        int position = blocking.Syntax.SpanStart;
        foreach (IOperation operation in OperationHelpers.Root(blocking).Descendants())
        {
            if (operation.Syntax.SpanStart >= position)
            {
                continue;
            }

            switch (operation)
            {
                case IAwaitOperation awaited when IsWhenAll(awaited.Operation):
                    return true;
                case IAwaitOperation awaited when symbol is not null && Refers(awaited.Operation, symbol):
                    return true;
                case IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" or "Status" } check
                    when symbol is not null && Refers(check.Instance, symbol):
                    return true;
            }
        }

        return false;
    }

    private static bool IsWhenAll(IOperation awaited)
    {
        return OperationHelpers.WalkDownConversionsAndAwaits(awaited) is IInvocationOperation { TargetMethod: { Name: "WhenAll", IsStatic: true } };
    }

    private static bool Refers(IOperation? operation, ISymbol symbol)
    {
        return SymbolEqualityComparer.Default.Equals(OperationHelpers.ReferencedSymbol(OperationHelpers.WalkDownConversionsAndAwaits(operation)), symbol);
    }
}
