using System.Globalization;
using RaftSdk.Generators.Model;

namespace RaftSdk.Generators.Emitting;

/// <summary>
/// The runtime calls one protobuf type needs, shared by the writer and reader emitters:
/// <c>ProtoWriter.Write{X}</c>, <c>ProtoReader.Read{X}</c> and <c>ProtoSize.{X}</c> share the name {X}.
/// </summary>
internal static class WireCalls
{
    /// <summary>The {X} of the runtime methods for a scalar type (an enum travels as int32); strings, bytes and messages have their own.</summary>
    public static string Name(ProtoFieldType type) => type switch
    {
        ProtoFieldType.Enum => "Int32",
        _ => type.ToString(),
    };

    /// <summary>The bytes a fixed-width value takes (bool included), 0 when the size depends on the value.</summary>
    public static int FixedSize(ProtoFieldType type) => type switch
    {
        ProtoFieldType.Bool => 1,
        ProtoFieldType.Float or ProtoFieldType.Fixed32 or ProtoFieldType.SFixed32 => 4,
        ProtoFieldType.Double or ProtoFieldType.Fixed64 or ProtoFieldType.SFixed64 => 8,
        _ => 0,
    };

    /// <summary>A tag as generated code writes it, with what it stands for: <c>8 /* field 1, uint64 */</c>.</summary>
    public static string Tag(WireLayout layout, bool packedRun = false) =>
        Number((int)(packedRun ? layout.PackedTag : layout.Tag)) + " /* field " + Number(layout.Number) + ", " + TypeName(layout.Type) + (packedRun ? ", packed" : string.Empty) + " */";

    /// <summary>The type as the .proto spells it (enum and message for the named kinds).</summary>
    public static string TypeName(ProtoFieldType type) => type.ToString().ToLowerInvariant();

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
