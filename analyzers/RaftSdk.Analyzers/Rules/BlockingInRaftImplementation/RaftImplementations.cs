using Microsoft.CodeAnalysis;
using RaftSdk.Analyzers.Shared;

namespace RaftSdk.Analyzers.Rules.BlockingInRaftImplementation;

/// <summary>Decides whether a method is what the transport's dispatcher calls: an implementation of a Raft contract member.</summary>
internal static class RaftImplementations
{
    public static bool Implements(SdkTypes types, IMethodSymbol method)
    {
        if (method.IsStatic || method.MethodKind is not (MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation))
        {
            return false;
        }

        INamedTypeSymbol type = method.ContainingType;
        foreach (INamedTypeSymbol contract in type.AllInterfaces)
        {
            if (!types.IsRaftContract(contract))
            {
                continue;
            }

            foreach (ISymbol member in contract.GetMembers())
            {
                if (member is IMethodSymbol && IsImplementedBy(type.FindImplementationForInterfaceMember(member), method))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The interface map names the method that first implemented the member; an override of it in a
    /// derived class is what actually runs, so walk the override chain.
    /// </summary>
    private static bool IsImplementedBy(ISymbol? implementation, IMethodSymbol method)
    {
        for (IMethodSymbol? current = method; current is not null; current = current.OverriddenMethod)
        {
            if (SymbolEqualityComparer.Default.Equals(implementation, current))
            {
                return true;
            }
        }

        return false;
    }
}
