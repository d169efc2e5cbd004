using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using RaftSdk.Analyzers.Shared;

namespace RaftSdk.Analyzers.Rules.UseBeforeSetRaft;

/// <summary>
/// The captured locals that every lambda and local function sharing them only sends on (peer calls,
/// <c>Port</c>, <c>Close</c>, null checks): no nested code can call SetRaft on them, hand them on or
/// assign them, so the flow of the method that declares them stays exact and RAFT101 can follow them.
/// </summary>
internal static class SendOnlyCaptures
{
    public static HashSet<ILocalSymbol> In(IOperation root, HashSet<ILocalSymbol> captured, SdkTypes types)
    {
        var declaredIn = new Dictionary<ILocalSymbol, IOperation?>(SymbolEqualityComparer.Default);
        foreach (IOperation operation in root.DescendantsAndSelf())
        {
            if (operation is IVariableDeclaratorOperation declarator && captured.Contains(declarator.Symbol))
            {
                declaredIn[declarator.Symbol] = OperationHelpers.EnclosingFunction(declarator);
            }
        }

        var sendOnly = new HashSet<ILocalSymbol>(declaredIn.Keys, SymbolEqualityComparer.Default);
        foreach (IOperation operation in root.DescendantsAndSelf())
        {
            if (operation is ILocalReferenceOperation reference
                && declaredIn.TryGetValue(reference.Local, out IOperation? function)
                && function != OperationHelpers.EnclosingFunction(reference)
                && !OnlySends(ReceiverUse.Of(reference, types)))
            {
                sendOnly.Remove(reference.Local);
            }
        }

        return sendOnly;
    }

    private static bool OnlySends(ReceiverUse use)
    {
        return use.Kind == ReceiverUseKind.Inspected
            || (use.Kind == ReceiverUseKind.Member && use.Member != CommunicationMemberKind.SetRaft);
    }
}
