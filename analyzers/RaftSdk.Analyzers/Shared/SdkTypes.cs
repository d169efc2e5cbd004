using Microsoft.CodeAnalysis;

namespace RaftSdk.Analyzers.Shared;

/// <summary>
/// The SDK and BCL types the rules look for, resolved by metadata name once per compilation.
/// A member is null when the compilation does not reference that type; each rule checks the
/// members it needs and registers nothing when they are missing, so projects without the SDK pay nothing.
/// </summary>
internal sealed class SdkTypes
{
    public const string CommunicationName = "RaftSdk.ChangeAgent.ICommunication";
    public const string RaftName = "RaftSdk.ChangeAgent.IRaft";
    public const string RaftCommunicationName = "RaftSdk.ChangeAgent.RaftCommunication";
    public const string RaftContractAttributeName = "RaftSdk.RaftContractAttribute";
    public const string RaftClientCoreName = "RaftSdk.Transport.RaftClientCore";

    private SdkTypes(Compilation compilation)
    {
        Communication = compilation.GetTypeByMetadataName(CommunicationName);
        Raft = compilation.GetTypeByMetadataName(RaftName);
        RaftCommunication = compilation.GetTypeByMetadataName(RaftCommunicationName);
        RaftContractAttribute = compilation.GetTypeByMetadataName(RaftContractAttributeName);
        RaftClientCore = compilation.GetTypeByMetadataName(RaftClientCoreName);
        Disposable = compilation.GetSpecialType(SpecialType.System_IDisposable);
        AsyncDisposable = compilation.GetTypeByMetadataName("System.IAsyncDisposable");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        Thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
    }

    /// <summary><c>RaftSdk.ChangeAgent.ICommunication</c>.</summary>
    public INamedTypeSymbol? Communication { get; }

    /// <summary><c>RaftSdk.ChangeAgent.IRaft</c>.</summary>
    public INamedTypeSymbol? Raft { get; }

    /// <summary><c>RaftSdk.ChangeAgent.RaftCommunication</c>, the static class with the Start methods.</summary>
    public INamedTypeSymbol? RaftCommunication { get; }

    /// <summary><c>RaftSdk.RaftContractAttribute</c>, which marks a contract interface such as IRaft.</summary>
    public INamedTypeSymbol? RaftContractAttribute { get; }

    /// <summary><c>RaftSdk.Transport.RaftClientCore</c>, which every generated client holds.</summary>
    public INamedTypeSymbol? RaftClientCore { get; }

    public INamedTypeSymbol Disposable { get; }

    public INamedTypeSymbol? AsyncDisposable { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? Thread { get; }

    public static SdkTypes Resolve(Compilation compilation) => new SdkTypes(compilation);

    /// <summary>True for Task, Task&lt;T&gt;, ValueTask and ValueTask&lt;T&gt;.</summary>
    public bool IsTaskLike(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol named)
        {
            return false;
        }

        INamedTypeSymbol definition = named.OriginalDefinition;
        return SymbolEqualityComparer.Default.Equals(definition, Task)
            || SymbolEqualityComparer.Default.Equals(definition, TaskOfT)
            || SymbolEqualityComparer.Default.Equals(definition, ValueTask)
            || SymbolEqualityComparer.Default.Equals(definition, ValueTaskOfT);
    }

    /// <summary>True when <paramref name="type"/> is ICommunication or a type that implements it.</summary>
    public bool IsCommunication(ITypeSymbol? type)
    {
        if (type is null || Communication is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type, Communication))
        {
            return true;
        }

        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, Communication))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for an interface marked [RaftContract] (IRaft is one).</summary>
    public bool IsRaftContract(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Interface)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, Raft))
        {
            return true;
        }

        if (RaftContractAttribute is null)
        {
            return false;
        }

        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, RaftContractAttribute))
            {
                return true;
            }
        }

        return false;
    }
}
