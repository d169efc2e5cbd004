using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using RaftSdk.Analyzers.Shared;

namespace RaftSdk.Analyzers.Rules.BlockingInRaftImplementation;

/// <summary>
/// Decides whether code nested in a method runs on the method's own thread, as part of its call. A local
/// function that is only ever called directly, from the method's body or from another such local
/// function, does; a lambda, or a local function that is turned into a delegate (handed to
/// <c>Task.Run</c>, a timer...) or called from a lambda, may run elsewhere and is left alone.
/// </summary>
internal static class InlineLocalFunctions
{
    public static bool RunsInline(IOperation operation)
    {
        HashSet<IMethodSymbol>? inline = null;
        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation:
                    return false;
                case ILocalFunctionOperation function:
                    inline ??= Find(OperationHelpers.Root(operation));
                    if (!inline.Contains(function.Symbol))
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    /// <summary>The local functions of <paramref name="root"/> that run inline, found by removing the others until none is left to remove.</summary>
    private static HashSet<IMethodSymbol> Find(IOperation root)
    {
        var callers = new Dictionary<IMethodSymbol, List<IOperation?>>(SymbolEqualityComparer.Default);
        foreach (IOperation operation in root.Descendants())
        {
            if (operation is ILocalFunctionOperation function && !callers.ContainsKey(function.Symbol))
            {
                callers.Add(function.Symbol, new List<IOperation?>());
            }
        }

        var inline = new HashSet<IMethodSymbol>(callers.Keys, SymbolEqualityComparer.Default);
        foreach (IOperation operation in root.Descendants())
        {
            switch (operation)
            {
                case IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction } call when callers.TryGetValue(call.TargetMethod.OriginalDefinition, out List<IOperation?>? list):
                    list.Add(OperationHelpers.EnclosingFunction(call));
                    break;
                case IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } reference:
                    // Turned into a delegate: it may run anywhere, at any time.
                    inline.Remove(reference.Method.OriginalDefinition);
                    break;
            }
        }

        foreach (KeyValuePair<IMethodSymbol, List<IOperation?>> entry in callers)
        {
            if (entry.Value.Count == 0)
            {
                inline.Remove(entry.Key); // never called: its code never runs in this method
            }
        }

        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (KeyValuePair<IMethodSymbol, List<IOperation?>> entry in callers)
            {
                if (inline.Contains(entry.Key) && !entry.Value.TrueForAll(caller => IsInlineCaller(caller, inline)))
                {
                    inline.Remove(entry.Key);
                    changed = true;
                }
            }
        }

        return inline;
    }

    /// <summary>The method's own body (not a lambda, not a local function), or a local function that runs inline.</summary>
    private static bool IsInlineCaller(IOperation? caller, HashSet<IMethodSymbol> inline)
    {
        return caller switch
        {
            IAnonymousFunctionOperation => false,
            ILocalFunctionOperation function => inline.Contains(function.Symbol),
            _ => true,
        };
    }
}
