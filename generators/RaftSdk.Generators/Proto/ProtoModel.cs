using RaftSdk.Generators.Common;

namespace RaftSdk.Generators.Proto;

internal enum ProtoLabel
{
    /// <summary>proto2 optional, or a proto3 field: left out when default.</summary>
    Optional,

    /// <summary>proto2 required: always on the wire, even when zero.</summary>
    Required,

    /// <summary>repeated (and map) fields.</summary>
    Repeated,
}

/// <summary>One field of a .proto message, as the generator needs it; <paramref name="Oneof"/> names its oneof, if any.</summary>
internal sealed record ProtoField(string Name, int Number, ProtoLabel Label, string Type, string? Oneof = null)
{
    /// <summary>The C# property name protoc gives the field.</summary>
    public string CSharpName => ProtoNames.ToCSharpPropertyName(Name);
}

/// <summary>A .proto message with the full C# name protoc gives its class (no global::).</summary>
internal sealed record ProtoMessage(string CSharpFullName, EquatableArray<ProtoField> Fields);

/// <summary>What one .proto file defines.</summary>
internal sealed record ProtoFile(string Path, EquatableArray<ProtoMessage> Messages);
