using System.Linq;
using RaftSdk.Generators.Common;

namespace RaftSdk.Generators.Model;

/// <summary>How to build an instance: constructor parameters (property names, in order), then initializer members.</summary>
/// <remarks>Members are C# identifiers as generated code writes them (a keyword escaped, <c>@class</c>).</remarks>
internal sealed record ConstructionSpec(EquatableArray<string> ConstructorParameters, EquatableArray<string> InitializerMembers)
{
    /// <param name="identifier">The member as a C# identifier (see <see cref="Common.CSharpIdentifier"/>).</param>
    public bool CanSet(string identifier) => ConstructorParameters.Contains(identifier) || InitializerMembers.Contains(identifier);
}

/// <summary>Everything the emitter needs to write ToProto/FromProto and the direct codec for one message record.</summary>
internal sealed record MessageSpec
{
    public TypeDeclarationSpec Type { get; init; } = null!;

    public string ProtoType { get; init; } = string.Empty;

    public bool IsValueType { get; init; }

    public EquatableArray<FieldMappingSpec> Fields { get; init; }

    public ConstructionSpec Construction { get; init; } = null!;

    /// <summary>A .proto described the message, so required fields and the field layout are known (else IsProtoComplete asks the descriptor and the codec goes through Google.Protobuf).</summary>
    public bool LabelsKnown { get; init; }

    /// <summary>Every field has a <see cref="ValueShape"/> and a <see cref="FieldMappingSpec.Layout"/>: WriteProto works on the bytes, else it serializes ToProto().</summary>
    public bool UsesDirectWriter { get; init; }

    /// <summary>The direct writer applies and there are at most 64 fields (one mask tracks required ones): ReadProto works on the bytes, else through Google.Protobuf.</summary>
    public bool UsesDirectReader { get; init; }

    /// <summary>Indexes into <see cref="Fields"/> in field-number order, the order Google.Protobuf writes fields in.</summary>
    public EquatableArray<int> WireOrder { get; init; } = EquatableArray<int>.Empty;

    /// <summary>See <see cref="MessageDraft.SourceFilePath"/>.</summary>
    public string SourceFilePath { get; init; } = string.Empty;
}

/// <summary>
/// The mappings of the message records declared in one source file, emitted as one generated
/// file named <see cref="HintName"/>.
/// </summary>
internal sealed record MessageFileSpec(string HintName, EquatableArray<MessageSpec> Messages);
