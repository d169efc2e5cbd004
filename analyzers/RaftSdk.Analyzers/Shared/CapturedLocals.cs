using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace RaftSdk.Analyzers.Shared;

/// <summary>
/// Finds the locals that a lambda or local function shares with the code around it. Such a local can
/// change state whenever the function runs, which a single graph cannot see, so the flow rules leave it alone.
/// </summary>
internal static class CapturedLocals
{
    public static HashSet<ILocalSymbol> In(IOperation root)
    {
        var declaredIn = new Dictionary<ILocalSymbol, IOperation?>(SymbolEqualityComparer.Default);
        foreach (IOperation operation in root.DescendantsAndSelf())
        {
            if (operation is IVariableDeclaratorOperation declarator)
            {
                declaredIn[declarator.Symbol] = OperationHelpers.EnclosingFunction(declarator);
            }
        }

        var captured = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (IOperation operation in root.DescendantsAndSelf())
        {
            if (operation is ILocalReferenceOperation reference
                && (!declaredIn.TryGetValue(reference.Local, out IOperation? function) || function != OperationHelpers.EnclosingFunction(reference)))
            {
                captured.Add(reference.Local);
            }
        }

        return captured;
    }
}
