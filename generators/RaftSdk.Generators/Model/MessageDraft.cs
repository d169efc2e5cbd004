using RaftSdk.Generators.Common;

namespace RaftSdk.Generators.Model;

/// <summary>A field mapping before the .proto labels are known.</summary>
internal sealed record FieldDraft
{
    /// <summary>The property's name as declared (<c>class</c>): diagnostics and derived names use it.</summary>
    public string PropertyName { get; init; } = string.Empty;

    /// <summary>The property as generated code writes it (<c>@class</c>).</summary>
    public string Identifier { get; init; } = string.Empty;

    public string ProtoPropertyName { get; init; } = string.Empty;

    public bool EmitDefault { get; init; }

    public bool ProtoHasPresence { get; init; }

    public ConversionSpec Conversion { get; init; } = new();

    /// <summary>The compiled protobuf class's <c>XFieldNumber</c> constant: the .proto's number must agree with it.</summary>
    public int CompiledNumber { get; init; }

    public string LocalName { get; init; } = string.Empty;
}

/// <summary>
/// What the symbols say about a message record. Combined with the parsed .proto files it becomes
/// a <see cref="MessageSpec"/>; kept apart so that a .proto edit does not re-run symbol work.
/// It holds no locations: a whitespace edit must not change it.
/// </summary>
internal sealed record MessageDraft(
    TypeDeclarationSpec Type,
    string ProtoType,
    string ProtoTypeFullName,
    bool IsValueType,
    EquatableArray<FieldDraft> Fields,
    ConstructionSpec Construction)
{
    /// <summary>
    /// The path of the file that declares the record ("" when the tree has none): mappings of the
    /// records of one file share one generated file. A key only; no output contains it.
    /// </summary>
    public string SourceFilePath { get; init; } = string.Empty;

    /// <summary>
    /// Protobuf properties a property of the record names but could not map (RAFT023, RAFT024,
    /// RAFT033): already reported there, so not also "required field without a property" (RAFT022).
    /// </summary>
    public EquatableArray<string> FailedProtoProperties { get; init; } = EquatableArray<string>.Empty;
}
