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

/// <summary>The .proto file's <c>syntax</c> (or <c>edition</c>): it decides the packing of repeated scalars.</summary>
internal enum ProtoSyntax
{
    Proto2,
    Proto3,

    /// <summary>An <c>edition = "..."</c> file: features decide packing and presence, which this reader does not follow.</summary>
    Editions,
}

/// <summary>
/// One field of a .proto message, as the generator needs it; <paramref name="Oneof"/> names its
/// oneof, if any; <paramref name="Packed"/> is the field's <c>[packed = ...]</c> option when given.
/// </summary>
internal sealed record ProtoField(string Name, int Number, ProtoLabel Label, string Type, string? Oneof = null, bool? Packed = null)
{
    /// <summary>The C# property name protoc gives the field.</summary>
    public string CSharpName => ProtoNames.ToCSharpPropertyName(Name);
}

/// <summary>A .proto message with the full C# name protoc gives its class (no global::).</summary>
internal sealed record ProtoMessage(string CSharpFullName, EquatableArray<ProtoField> Fields, ProtoSyntax Syntax = ProtoSyntax.Proto2);

/// <summary>What one .proto file defines.</summary>
internal sealed record ProtoFile(string Path, EquatableArray<ProtoMessage> Messages);
