using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using RaftSdk.Analyzers.Shared;

namespace RaftSdk.Analyzers.Rules.BlockingInRaftImplementation;

/// <summary>Recognizes the blocking waits RAFT106 looks for, by symbol (a look-alike member of another type does not match).</summary>
internal static class BlockingCalls
{
    /// <summary>
    /// A short description of the blocking wait (".Result", "Thread.Sleep"...), or null when
    /// <paramref name="operation"/> does not block. <paramref name="task"/> is the task waited on, when there is one.
    /// </summary>
    public static string? Describe(SdkTypes types, IOperation operation, out IOperation? task)
    {
        task = null;
        switch (operation)
        {
            case IPropertyReferenceOperation { Property.Name: "Result" } property when IsTaskOfT(types, property.Property.ContainingType):
                task = property.Instance;
                return ".Result";
            case IInvocationOperation invocation:
                return DescribeInvocation(types, invocation, out task);
            default:
                return null;
        }
    }

    private static string? DescribeInvocation(SdkTypes types, IInvocationOperation invocation, out IOperation? task)
    {
        task = null;
        IMethodSymbol method = invocation.TargetMethod;
        INamedTypeSymbol type = method.ContainingType;
        if (SymbolEqualityComparer.Default.Equals(type, types.Task))
        {
            switch (method.Name)
            {
                case "Wait" when !method.IsStatic:
                    task = invocation.Instance;
                    return ".Wait()";
                case "WaitAll" or "WaitAny" when method.IsStatic:
                    return "Task." + method.Name;
            }

            return null;
        }

        if (method.Name == "Sleep" && method.IsStatic && SymbolEqualityComparer.Default.Equals(type, types.Thread))
        {
            return "Thread.Sleep";
        }

        if (method.Name == "GetResult" && !method.IsStatic && IsAwaiter(type))
        {
            // t.GetAwaiter().GetResult() or t.ConfigureAwait(false).GetAwaiter().GetResult(): the task is the
            // receiver of GetAwaiter, seen through ConfigureAwait.
            if (invocation.Instance is IInvocationOperation { TargetMethod.Name: "GetAwaiter" } getAwaiter)
            {
                task = OperationHelpers.WalkDownConversionsAndAwaits(getAwaiter.Instance);
            }

            return "GetAwaiter().GetResult()";
        }

        return null;
    }

    private static bool IsTaskOfT(SdkTypes types, INamedTypeSymbol type)
    {
        return SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, types.TaskOfT)
            || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, types.ValueTaskOfT);
    }

    /// <summary>The awaiters of Task and ValueTask (plain and configured) all live in System.Runtime.CompilerServices.</summary>
    private static bool IsAwaiter(INamedTypeSymbol type)
    {
        return type.Name.EndsWith("Awaiter", System.StringComparison.Ordinal)
            && type.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices";
    }
}
