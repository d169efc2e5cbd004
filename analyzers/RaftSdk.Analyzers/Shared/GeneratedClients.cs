using Microsoft.CodeAnalysis;

namespace RaftSdk.Analyzers.Shared;

/// <summary>
/// Recognizes a client that the RaftSdk generator emitted for a contract. Two signals, either suffices:
/// the generator's naming convention (the contract <c>IName</c>, or <c>Name</c> without the I prefix,
/// gets the client <c>NameClient</c> in the contract's namespace; see RaftContractAttribute), and the
/// generated client's shape (a class named <c>...Client</c> holding a <c>RaftSdk.Transport.RaftClientCore</c>).
/// Neither matches an unrelated "Client" class, and the first keeps working however the runtime changes.
/// </summary>
internal static class GeneratedClients
{
    private const string Suffix = "Client";

    public static bool IsGeneratedClient(SdkTypes types, INamedTypeSymbol? type)
    {
        if (type is null || type.TypeKind != TypeKind.Class || !type.Name.EndsWith(Suffix, System.StringComparison.Ordinal) || type.Name.Length == Suffix.Length)
        {
            return false;
        }

        return FollowsNamingConvention(types, type) || HoldsClientCore(types, type);
    }

    private static bool FollowsNamingConvention(SdkTypes types, INamedTypeSymbol type)
    {
        string baseName = type.Name.Substring(0, type.Name.Length - Suffix.Length);
        foreach (string contractName in new[] { "I" + baseName, baseName })
        {
            foreach (INamedTypeSymbol candidate in type.ContainingNamespace.GetTypeMembers(contractName))
            {
                if (types.IsRaftContract(candidate))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool HoldsClientCore(SdkTypes types, INamedTypeSymbol type)
    {
        if (types.RaftClientCore is null)
        {
            return false;
        }

        foreach (ISymbol member in type.GetMembers())
        {
            if (member is IFieldSymbol field && SymbolEqualityComparer.Default.Equals(field.Type, types.RaftClientCore))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for a method that calls a peer: one of ICommunication's peer calls or a generated client's method.</summary>
    public static bool IsPeerCallTarget(SdkTypes types, IMethodSymbol method)
    {
        if (method.IsStatic)
        {
            return false;
        }

        if (types.IsCommunication(method.ContainingType) && CommunicationMembers.Classify(types, method, method.ContainingType) == CommunicationMemberKind.PeerCall)
        {
            return true;
        }

        // Every generated client method takes the peer's address first; anything else (a member a user
        // added to the partial class, say) is not a peer call.
        return method.MethodKind == MethodKind.Ordinary && CommunicationMembers.IsPeerCall(method) && IsGeneratedClient(types, method.ContainingType);
    }
}
