namespace RaftSdk.Generators.Model;

internal enum ConversionKind
{
    /// <summary>Same type on both sides.</summary>
    Direct,

    /// <summary>A one-value struct such as NodeId: <c>new T(wire)</c> and <c>value.Member</c>.</summary>
    Wrapper,

    /// <summary>Enum to enum by cast.</summary>
    EnumCast,

    /// <summary>ReadOnlyMemory&lt;byte&gt;, wrapped without a copy on send and read without a copy.</summary>
    BytesMemory,

    /// <summary>byte[] (copied both ways, since arrays are mutable).</summary>
    BytesArray,

    /// <summary>A nested [ProtoMessage] record.</summary>
    Message,
}

internal enum CollectionKind
{
    None,

    /// <summary>IReadOnlyList, IEnumerable, ICollection and friends: filled with an array.</summary>
    ReadOnlyInterface,

    Array,

    List,
}

/// <summary>
/// How a domain value becomes a wire value and back. For collections the element conversion is
/// described and <see cref="Collection"/> says which collection the domain side uses.
/// </summary>
internal sealed record ConversionSpec(
    ConversionKind Kind,
    CollectionKind Collection,
    string DomainType,
    string DomainElementType,
    string WireElementType,
    string? WrapperMember,
    bool DomainIsNullableReference,
    bool DomainIsNullableValue = false);
