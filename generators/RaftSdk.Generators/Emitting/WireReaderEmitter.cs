using System;
using System.Collections.Generic;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Model;
using RaftSdk.Generators.Proto;

namespace RaftSdk.Generators.Emitting;

/// <summary>
/// Writes <c>ReadProto</c>: the record built straight from its wire form, without the Google.Protobuf
/// object graph. It mirrors <c>FromProto(Parser.ParseFrom(bytes))</c> plus <c>IsProtoComplete</c>:
/// absent fields read as their defaults, the last value of a singular field wins (a singular
/// message seen twice is merged into the first, through the <c>merge</c> overload), unknown fields
/// and values of an unexpected wire type are skipped (one switch case per tag, constants the parser
/// took from the .proto), repeated scalars are read packed or not, and
/// a missing required field throws (checked per occurrence: required fields split across two
/// occurrences of a nested message are refused, where Google.Protobuf would accept the merge). Bytes read as <c>ReadOnlyMemory&lt;byte&gt;</c> are slices of the
/// reader's array (no copy). A record with a field shape it does not know parses with
/// Google.Protobuf and converts with FromProto instead.
/// </summary>
internal static class WireReaderEmitter
{
    private const string Reader = "global::RaftSdk.Mapping.ProtoReader";

    public static void Emit(SourceWriter writer, MessageSpec spec)
    {
        string protoName = spec.ProtoType.Substring(spec.ProtoType.LastIndexOf('.') + 1);
        string type = spec.Type.FullyQualifiedName;
        writer.Line("/// <summary>Reads the record straight from its wire form (no <see cref=\"" + spec.ProtoType + "\"/> is built); bytes read as memory are slices of the reader's array.</summary>");
        writer.Line("public static " + type + " ReadProto(ref " + Reader + " reader) => ReadProto(ref reader, default);");
        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// Reads the record from its wire form starting from the values of <paramref name=\"merge\"/> when given:");
        writer.Line("/// protobuf merges the occurrences of a singular message field (last value wins, repeated fields append), as Google.Protobuf does.");
        writer.Line("/// </summary>");
        writer.OpenBlock("public static " + type + " ReadProto(ref " + Reader + " reader, " + type + "? merge)");
        if (!spec.UsesDirectReader)
        {
            writer.Line("// Through Google.Protobuf: " + (spec.LabelsKnown ? "a field of this record has no direct reader." : "no .proto gave the field layout (RAFT025)."));
            writer.Line("var proto = reader.ReadRemaining(" + spec.ProtoType + ".Parser);");
            writer.Line("var merged = merge?.ToProto();");
            writer.OpenBlock("if (merged is not null)");
            writer.Line("merged.MergeFrom(proto);");
            writer.Line("proto = merged;");
            writer.CloseBlock();
            writer.OpenBlock("if (!IsProtoComplete(proto))");
            writer.Line("throw new global::RaftSdk.Mapping.ProtoReadException(" + EmitterHelpers.Literal(protoName + " misses a required field.") + ", missingRequiredField: true);");
            writer.CloseBlock();
            writer.Line("return FromProto(proto);");
            writer.CloseBlock();
            return;
        }

        for (int i = 0; i < spec.Fields.Count; i++)
        {
            FieldMappingSpec field = spec.Fields[i];
            if (field.Conversion.Collection != CollectionKind.None)
            {
                writer.Line(LocalType(field) + " " + field.LocalName + " = default;");
                writer.Line(field.LocalName + ".AddRange(merge?." + field.Identifier + ");");
            }
            else
            {
                // Null until read; a merge starts from the earlier value (a plain property's default reads as absent anyway).
                writer.Line(LocalType(field) + " " + field.LocalName + " = merge?." + field.Identifier + ";");
            }
        }

        ulong requiredMask = 0;
        for (int i = 0; i < spec.Fields.Count; i++)
        {
            if (IsCheckedRequired(spec.Fields[i]))
            {
                requiredMask |= 1UL << i;
            }
        }

        if (requiredMask != 0)
        {
            // An earlier occurrence was complete, so its required fields count as seen.
            writer.Line("ulong seen = merge is null ? 0UL : 0x" + requiredMask.ToString("X", System.Globalization.CultureInfo.InvariantCulture) + "UL;");
        }

        // One case per tag the parser decided (field number and wire type): a known number with
        // another wire type falls to the default and is skipped, as Google.Protobuf does.
        writer.OpenBlock("while (reader.TryReadTag(out uint tag))");
        writer.OpenBlock("switch (tag)");
        foreach (int index in spec.WireOrder)
        {
            EmitCase(writer, spec.Fields[index], index);
        }

        writer.Line("default:");
        writer.Indent();
        writer.Line("reader.Skip(tag);");
        writer.Line("break;");
        writer.Unindent();
        writer.CloseBlock();
        writer.CloseBlock();

        for (int i = 0; i < spec.Fields.Count; i++)
        {
            FieldMappingSpec field = spec.Fields[i];
            if (IsCheckedRequired(field))
            {
                writer.OpenBlock("if ((seen & " + Bit(i) + ") == 0)");
                writer.Line("throw global::RaftSdk.Mapping.ProtoReadException.MissingRequired(" + EmitterHelpers.Literal(protoName) + ", " + EmitterHelpers.Literal(field.ProtoPropertyName) + ");");
                writer.CloseBlock();
            }
        }

        var values = new Dictionary<string, string>();
        for (int i = 0; i < spec.Fields.Count; i++)
        {
            values[spec.Fields[i].Identifier] = FinalValue(spec.Fields[i], i);
        }

        FieldValues.EmitConstruction(writer, spec, values);
        writer.CloseBlock();
    }

    private static void EmitCase(SourceWriter writer, FieldMappingSpec field, int index)
    {
        ConversionSpec conversion = field.Conversion;
        WireLayout layout = field.Layout!;
        string local = field.LocalName;
        bool repeated = conversion.Collection != CollectionKind.None;
        ValueShape shape = conversion.Shape;

        writer.Line("case " + WireCalls.Tag(layout) + ":");
        if (shape == ValueShape.Message)
        {
            writer.OpenBlock(); // its own scope for "outer"
            writer.Line("int outer = reader.BeginLength();");
            // A singular message seen twice is merged, as Google.Protobuf does; each repeated one is an element.
            string read = conversion.DomainElementType + ".ReadProto(ref reader" + (repeated ? ")" : ", " + local + ")");
            writer.Line(repeated ? local + ".Add(" + read + ");" : local + " = " + read + ";");
            writer.Line("reader.EndLength(outer);");
        }
        else
        {
            writer.Indent();
            string read = Convert(conversion, Read(conversion, shape, layout.Type));
            writer.Line(repeated ? local + ".Add(" + read + ");" : local + " = " + read + ";");
        }

        if (IsCheckedRequired(field))
        {
            writer.Line("seen |= " + Bit(index) + ";");
        }

        writer.Line("break;");
        if (shape == ValueShape.Message)
        {
            writer.CloseBlock();
        }
        else
        {
            writer.Unindent();
        }

        if (repeated && shape == ValueShape.Scalar)
        {
            // Google.Protobuf reads a repeated scalar packed or not, whatever the .proto says.
            writer.Line("case " + WireCalls.Tag(layout, packedRun: true) + ":");
            writer.OpenBlock();
            writer.Line("int outer = reader.BeginLength();");
            writer.OpenBlock("while (reader.HasMore)");
            writer.Line(local + ".Add(" + Convert(conversion, Read(conversion, shape, layout.Type)) + ");");
            writer.CloseBlock();
            writer.Line("reader.EndLength(outer);");
            writer.Line("break;");
            writer.CloseBlock();
        }
    }

    /// <summary>Reads one wire value: the wire type of ToProto's side (ulong, string, ByteString, ...).</summary>
    private static string Read(ConversionSpec conversion, ValueShape shape, ProtoFieldType type)
    {
        switch (conversion.Kind)
        {
            case ConversionKind.BytesMemory:
                return "reader.ReadBytesMemory()";
            case ConversionKind.BytesArray:
                return "reader.ReadBytesArray()";
        }

        return shape switch
        {
            ValueShape.Text => "reader.ReadString()",
            ValueShape.Bytes => "reader.ReadByteString()",
            _ => "reader.Read" + WireCalls.Name(type) + "()",
        };
    }

    /// <summary>The domain element from a wire value, as FromProto converts it.</summary>
    private static string Convert(ConversionSpec conversion, string value) => conversion.Kind switch
    {
        ConversionKind.Wrapper => "new " + conversion.DomainElementType + "(" + value + ")",
        ConversionKind.EnumCast => "(" + conversion.DomainElementType + ")" + value,
        _ => value,
    };

    private static string LocalType(FieldMappingSpec field)
    {
        ConversionSpec conversion = field.Conversion;
        if (conversion.Collection != CollectionKind.None)
        {
            return "global::RaftSdk.Mapping.ProtoListBuilder<" + conversion.DomainElementType + ">";
        }

        return conversion.DomainElementType.TrimEnd('?') + "?";
    }

    // Only interfaces without a setter: an array shared by several records must not be writable through them.
    private static bool IsReadOnlyStringSequence(ConversionSpec conversion) =>
        conversion.Kind == ConversionKind.Direct && conversion.WireKind == WireValueKind.String && conversion.CollectionIsReadOnly;

    /// <summary>The property value: what FromProto gives for the field read (or absent).</summary>
    private static string FinalValue(FieldMappingSpec field, int index)
    {
        ConversionSpec conversion = field.Conversion;
        string local = field.LocalName;
        switch (conversion.Collection)
        {
            case CollectionKind.List:
                return local + ".ToList()";
            case CollectionKind.ReadOnlyInterface when IsReadOnlyStringSequence(conversion):
                // Read-only string lists (tags on every entry) share one array while they repeat.
                return "reader.ShareStrings(ref " + local + ")";
            case CollectionKind.ReadOnlyInterface:
            case CollectionKind.Array:
                return local + ".ToArray()";
        }

        if (conversion.DomainIsNullableValue)
        {
            // FromProto: HasX ? value : null (a message: null when absent); without presence the default.
            return conversion.Kind == ConversionKind.Message || field.ProtoHasPresence
                ? local
                : "(" + local + " ?? " + AbsentValue(conversion) + ")";
        }

        if (field.Presence == FieldPresence.WhenNotNull && conversion.Kind != ConversionKind.Message)
        {
            return local; // HasX ? X : null
        }

        if (conversion.Kind == ConversionKind.Message)
        {
            return conversion.DomainIsNullableReference ? local : "(" + local + " ?? default!)";
        }

        return "(" + local + " ?? " + AbsentValue(conversion) + ")";
    }

    /// <summary>What FromProto reads for an absent field: the wire default, converted.</summary>
    private static string AbsentValue(ConversionSpec conversion)
    {
        ValueShape shape = conversion.Shape;
        string wireDefault = conversion.Kind switch
        {
            ConversionKind.BytesMemory => "default(global::System.ReadOnlyMemory<byte>)",
            ConversionKind.BytesArray => "global::System.Array.Empty<byte>()",
            ConversionKind.EnumCast => "0",
            _ => shape switch
            {
                ValueShape.Text => "string.Empty",
                ValueShape.Bytes => "global::Google.Protobuf.ByteString.Empty",
                _ => "default(" + conversion.WireElementType.TrimEnd('?') + ")",
            },
        };
        return Convert(conversion, wireDefault);
    }

    private static bool IsCheckedRequired(FieldMappingSpec field) =>
        field.Label == ProtoLabel.Required && field.Conversion.Collection == CollectionKind.None;

    private static string Bit(int index) => "(1UL << " + index + ")";
}
