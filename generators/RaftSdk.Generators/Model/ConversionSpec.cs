namespace RaftSdk.Generators.Model;

internal enum ConversionKind
{
    /// <summary>Same type on both sides.</summary>
    Direct,

    /// <summary>A one-value struct such as NodeId: <c>new T(wire)</c> and <c>value.Member</c> (see <see cref="Parsing.ConversionClassifier"/> for the rule).</summary>
    Wrapper,

    /// <summary>Enum to enum by cast; the parser checked that both enums have the same names and numbers.</summary>
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

/// <summary>The C# type of the protobuf property (of its element, for repeated fields), decided from the symbol.</summary>
internal enum WireValueKind
{
    Bool,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Float,
    Double,
    String,
    ByteString,

    /// <summary>A protoc enum.</summary>
    Enum,

    /// <summary>A protoc message class.</summary>
    Message,

    /// <summary>Anything else the direct codec does not know (it falls back to Google.Protobuf).</summary>
    Other,
}

/// <summary>How the direct codec (<c>WriteProto</c>/<c>ReadProto</c>) passes a value to the runtime; <see cref="None"/> when it cannot.</summary>
internal enum ValueShape
{
    None,
    Scalar,
    Text,
    Bytes,
    Message,
}

/// <summary>
/// How a domain value becomes a wire value and back. For collections the element conversion is
/// described and <see cref="Collection"/> says which collection the domain side uses. Decided once
/// by the parser: emitters read these properties and never compare type names.
/// </summary>
internal sealed record ConversionSpec
{
    public ConversionKind Kind { get; init; }

    public CollectionKind Collection { get; init; }

    /// <summary>True when the domain collection is an IReadOnlyList or IList: indexed, so no interface enumerator is allocated.</summary>
    public bool CollectionIndexable { get; init; }

    /// <summary>True for IReadOnlyList, IReadOnlyCollection and IEnumerable: nothing can be written through them, so one array may back several records.</summary>
    public bool CollectionIsReadOnly { get; init; }

    public string DomainType { get; init; } = string.Empty;

    public string DomainElementType { get; init; } = string.Empty;

    public string WireElementType { get; init; } = string.Empty;

    public WireValueKind WireKind { get; init; }

    public ValueShape Shape { get; init; }

    /// <summary>The one-value wrapper's property as a C# identifier (<c>@long</c>).</summary>
    public string? WrapperMember { get; init; }

    /// <summary>A reference type annotated <c>?</c> (a nullable context): null is a value the property can hold.</summary>
    public bool DomainIsNullableReference { get; init; }

    /// <summary><c>T?</c> over a value type.</summary>
    public bool DomainIsNullableValue { get; init; }

    public bool DomainIsNullable => DomainIsNullableReference || DomainIsNullableValue;
}
