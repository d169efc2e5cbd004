using RaftSdk.Generators.Proto;

namespace RaftSdk.Generators.Model;

/// <summary>When a singular field goes on the wire; decided by the resolver from the .proto label and the property type.</summary>
internal enum FieldPresence
{
    /// <summary>Required, or [ProtoField(EmitDefault = true)]: always set, even when zero or empty.</summary>
    Always,

    /// <summary>A nullable property on a field with presence: set exactly when not null, read back as null when absent.</summary>
    WhenNotNull,

    /// <summary>Set when not the default value; absent reads as the default.</summary>
    WhenNotDefault,

    /// <summary>Repeated: every element, none when empty.</summary>
    Repeated,
}

/// <summary>How one property of a message record maps to its protobuf field, and the names generated code uses for it.</summary>
internal sealed record FieldMappingSpec
{
    /// <summary>The property's name as declared (<c>class</c>): diagnostics and derived names use it.</summary>
    public string PropertyName { get; init; } = string.Empty;

    /// <summary>The property as generated code writes it (<c>@class</c>), a key of <see cref="ConstructionSpec"/>.</summary>
    public string Identifier { get; init; } = string.Empty;

    public string ProtoPropertyName { get; init; } = string.Empty;

    public ProtoLabel Label { get; init; }

    public FieldPresence Presence { get; init; }

    /// <summary>The protobuf class has a HasX property for the field (proto2 optional/required, proto3 optional).</summary>
    public bool ProtoHasPresence { get; init; }

    public ConversionSpec Conversion { get; init; } = new();

    /// <summary>Number, type, presence and packing from the .proto; null when no .proto describes the message (no direct codec then).</summary>
    public WireLayout? Layout { get; init; }

    /// <summary>The ReadProto local that holds the value read (unique among ReadProto's locals).</summary>
    public string LocalName { get; init; } = string.Empty;
}
