using System.Linq;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Proto;

namespace RaftSdk.Generators.Model;

/// <summary>How one property of a message record maps to its protobuf field.</summary>
internal sealed record FieldMappingSpec(
    string PropertyName,
    string ProtoPropertyName,
    ProtoLabel Label,
    bool EmitDefault,
    bool ProtoHasPresence,
    ConversionSpec Conversion);

/// <summary>How to build an instance: constructor parameters (property names, in order), then initializer members.</summary>
internal sealed record ConstructionSpec(EquatableArray<string> ConstructorParameters, EquatableArray<string> InitializerMembers)
{
    public bool CanSet(string member) => ConstructorParameters.Contains(member) || InitializerMembers.Contains(member);
}

/// <summary>Everything the emitter needs to write ToProto/FromProto for one message record.</summary>
internal sealed record MessageSpec(
    TypeDeclarationSpec Type,
    string ProtoType,
    bool IsValueType,
    EquatableArray<FieldMappingSpec> Fields,
    ConstructionSpec Construction,
    bool LabelsKnown)
{
    /// <summary>See <see cref="MessageDraft.SourceFilePath"/>.</summary>
    public string SourceFilePath { get; init; } = string.Empty;
}

/// <summary>
/// The mappings of the message records declared in one source file, emitted as one generated
/// file named <see cref="HintName"/>.
/// </summary>
internal sealed record MessageFileSpec(string HintName, EquatableArray<MessageSpec> Messages);
