using Microsoft.CodeAnalysis;

namespace RaftSdk.Analyzers.Shared;

/// <summary>Classifies members called on an ICommunication, whether through the interface or a class that implements it.</summary>
internal static class CommunicationMembers
{
    public const string SetRaftName = "SetRaft";
    public const string CloseName = "Close";
    public const string AddressParameterName = "address";

    /// <summary>
    /// Classifies <paramref name="member"/> called on a receiver of static type <paramref name="receiverType"/>.
    /// Peer calls are recognized by shape (first parameter <c>string address</c>) rather than by a list of
    /// names, so a peer call added to the interface later is covered without a change here.
    /// </summary>
    public static CommunicationMemberKind Classify(SdkTypes types, ISymbol member, ITypeSymbol? receiverType)
    {
        INamedTypeSymbol? communication = types.Communication;
        if (communication is null || member.IsStatic || !types.IsCommunication(receiverType))
        {
            return CommunicationMemberKind.None;
        }

        ISymbol? interfaceMember = FindInterfaceMember(types, member, receiverType!);
        if (interfaceMember is null)
        {
            return CommunicationMemberKind.None;
        }

        if (!SymbolEqualityComparer.Default.Equals(interfaceMember.ContainingType, communication))
        {
            // Dispose and DisposeAsync, which ICommunication inherits.
            return CommunicationMemberKind.Close;
        }

        if (interfaceMember is IMethodSymbol method)
        {
            if (method.Name == SetRaftName)
            {
                return CommunicationMemberKind.SetRaft;
            }

            if (method.Name == CloseName)
            {
                return CommunicationMemberKind.Close;
            }

            if (IsPeerCall(method))
            {
                return CommunicationMemberKind.PeerCall;
            }
        }

        return CommunicationMemberKind.Other;
    }

    /// <summary>True for a method whose first parameter is the peer's address.</summary>
    public static bool IsPeerCall(IMethodSymbol method)
    {
        return method.Parameters.Length > 0
            && method.Parameters[0].Name == AddressParameterName
            && method.Parameters[0].Type.SpecialType == SpecialType.System_String;
    }

    /// <summary>
    /// The interface member that <paramref name="member"/> is or implements: a member of ICommunication,
    /// IDisposable.Dispose or IAsyncDisposable.DisposeAsync; null for anything else.
    /// </summary>
    private static ISymbol? FindInterfaceMember(SdkTypes types, ISymbol member, ITypeSymbol receiverType)
    {
        if (IsLifecycleInterface(types, member.ContainingType))
        {
            return member;
        }

        // A class that implements ICommunication: map its member back to the interface's.
        foreach (INamedTypeSymbol? contract in new[] { types.Communication, types.Disposable, types.AsyncDisposable })
        {
            if (contract is null)
            {
                continue;
            }

            foreach (ISymbol candidate in contract.GetMembers(member.Name))
            {
                ISymbol? implementation = receiverType.FindImplementationForInterfaceMember(candidate);
                if (SymbolEqualityComparer.Default.Equals(implementation, member.OriginalDefinition))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static bool IsLifecycleInterface(SdkTypes types, INamedTypeSymbol? type)
    {
        return SymbolEqualityComparer.Default.Equals(type, types.Communication)
            || SymbolEqualityComparer.Default.Equals(type, types.Disposable)
            || SymbolEqualityComparer.Default.Equals(type, types.AsyncDisposable);
    }
}
