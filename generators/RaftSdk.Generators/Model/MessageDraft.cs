using RaftSdk.Generators.Common;

namespace RaftSdk.Generators.Model;

/// <summary>A field mapping before the .proto labels are known.</summary>
internal sealed record FieldDraft(
    string PropertyName,
    string ProtoPropertyName,
    bool EmitDefault,
    bool ProtoHasPresence,
    ConversionSpec Conversion);

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
}
