using RaftSdk.Generators.Common;
using RaftSdk.Generators.Model;

namespace RaftSdk.Generators.Emitting;

/// <summary>
/// Writes the <c>IProtoWritable</c> implementation of a message record: its wire form straight
/// from the properties, without building the Google.Protobuf object graph. It mirrors
/// <c>ToProto()</c> decision for decision (what ToProto sets is written, what it leaves unset is
/// not), and writes the fields in field-number order with the tags, types and packing the parser
/// took from the .proto, all as constants, so the bytes equal those of <c>ToProto()</c>
/// serialized. A record without a layout for every field (no .proto, or a field shape it does not
/// know) serializes <c>ToProto()</c> instead.
/// </summary>
internal static class WireWriterEmitter
{
    public const string Interface = "global::RaftSdk.Mapping.IProtoWritable";

    private const string Size = "global::RaftSdk.Mapping.ProtoSize";

    public static void Emit(SourceWriter writer, MessageSpec spec)
    {
        if (!spec.UsesDirectWriter)
        {
            EmitFallback(writer, spec);
            return;
        }

        writer.Line("/// <summary>The size of the wire form, computed from the properties (no <see cref=\"" + spec.ProtoType + "\"/> is built).</summary>");
        writer.OpenBlock("int " + Interface + ".CalculateProtoSize()");
        writer.Line("int size = 0;");
        foreach (int index in spec.WireOrder)
        {
            EmitField(writer, spec.Fields[index], sizing: true);
        }

        writer.Line("return size;");
        writer.CloseBlock();
        writer.Line();

        writer.Line("/// <summary>Writes the wire form straight from the properties, in field-number order: the bytes of <c>ToProto()</c> serialized, without building it.</summary>");
        writer.OpenBlock("void " + Interface + ".WriteProto(ref global::RaftSdk.Mapping.ProtoWriter writer)");
        foreach (int index in spec.WireOrder)
        {
            EmitField(writer, spec.Fields[index], sizing: false);
        }

        writer.CloseBlock();
    }

    private static void EmitFallback(SourceWriter writer, MessageSpec spec)
    {
        string why = spec.LabelsKnown ? "a field of this record has no direct writer" : "no .proto gave the field layout, see RAFT025";
        writer.Line("/// <summary>The size of the wire form (through <c>ToProto()</c>: " + why + ").</summary>");
        writer.Line("int " + Interface + ".CalculateProtoSize() => this.ToProto().CalculateSize();");
        writer.Line();
        writer.Line("/// <summary>Writes the wire form (through <c>ToProto()</c>: " + why + ").</summary>");
        writer.Line("void " + Interface + ".WriteProto(ref global::RaftSdk.Mapping.ProtoWriter writer) => writer.WriteMessageBody(this.ToProto());");
    }

    private static void EmitField(SourceWriter writer, FieldMappingSpec field, bool sizing)
    {
        ConversionSpec conversion = field.Conversion;
        ValueShape shape = conversion.Shape;
        WireLayout layout = field.Layout!;
        string source = "this." + field.Identifier;

        if (conversion.Collection != CollectionKind.None)
        {
            writer.OpenBlock("if (" + source + " is not null)");
            if (layout.IsPacked)
            {
                EmitPacked(writer, field, source, sizing);
            }
            else
            {
                OpenLoop(writer, conversion, source, "item");
                Element(writer, layout, shape, Value(conversion, shape, "item", always: true), sizing);
                writer.CloseBlock();
            }

            writer.CloseBlock();
            return;
        }

        // The same decision as ToProto(): required and EmitDefault fields are always set; a
        // nullable property on a field with presence when not null; others when not the default.
        // Google.Protobuf then leaves a set default out of a field without presence: so does the
        // code below (checkDefault) where ToProto's condition does not already exclude it.
        if (conversion.DomainIsNullableValue)
        {
            writer.OpenBlock("if (" + source + ".HasValue)");
            Set(writer, layout, shape, Value(conversion, shape, source + ".Value", always: true), sizing);
            writer.CloseBlock();
            return;
        }

        if (conversion.Kind == ConversionKind.Message)
        {
            writer.OpenBlock("if (" + source + " is not null)");
            Element(writer, layout, shape, source, sizing);
            writer.CloseBlock();
            return;
        }

        if (field.Presence != FieldPresence.Always)
        {
            writer.OpenBlock("if (" + FieldValues.SendCondition(field, source) + ")");
            Element(writer, layout, shape, Value(conversion, shape, source, always: false), sizing);
            writer.CloseBlock();
            return;
        }

        Set(writer, layout, shape, Value(conversion, shape, source, always: true), sizing);
    }

    /// <summary>A set field: left out when it holds its default and has no presence, as Google.Protobuf does.</summary>
    private static void Set(SourceWriter writer, WireLayout layout, ValueShape shape, string value, bool sizing)
    {
        if (layout.HasPresence)
        {
            Element(writer, layout, shape, value, sizing);
            return;
        }

        writer.OpenBlock("if (" + NotDefault(layout.Type, value) + ")");
        Element(writer, layout, shape, value, sizing);
        writer.CloseBlock();
    }

    /// <summary>One value with its tag, always (a set field, or one unpacked element).</summary>
    private static void Element(SourceWriter writer, WireLayout layout, ValueShape shape, string value, bool sizing)
    {
        if (sizing)
        {
            int fixedSize = WireCalls.FixedSize(layout.Type);
            writer.Line(fixedSize != 0
                ? "size += " + WireCalls.Number(layout.TagSize + fixedSize) + ";"
                : "size += " + WireCalls.Number(layout.TagSize) + " + " + Size + "." + SizeMethod(layout.Type, shape) + "(" + value + ");");
            return;
        }

        writer.Line("writer.WriteTag(" + WireCalls.Tag(layout) + ");");
        writer.Line("writer." + WriteMethod(layout.Type, shape) + "(" + value + ");");
    }

    /// <summary>A packed run: its values sized first (the run's length prefix precedes them), then written; nothing for an empty run.</summary>
    private static void EmitPacked(SourceWriter writer, FieldMappingSpec field, string source, bool sizing)
    {
        ConversionSpec conversion = field.Conversion;
        WireLayout layout = field.Layout!;
        string value = Value(conversion, ValueShape.Scalar, "item", always: true);
        int fixedSize = WireCalls.FixedSize(layout.Type);
        writer.Line("int packed = 0;");
        OpenLoop(writer, conversion, source, "item");
        writer.Line("packed += " + (fixedSize != 0 ? WireCalls.Number(fixedSize) : Size + "." + WireCalls.Name(layout.Type) + "(" + value + ")") + ";");
        writer.CloseBlock();

        writer.OpenBlock("if (packed > 0)");
        if (sizing)
        {
            writer.Line("size += " + WireCalls.Number(layout.TagSize) + " + " + Size + ".Length(packed);");
        }
        else
        {
            writer.Line("writer.WriteTag(" + WireCalls.Tag(layout, packedRun: true) + ");");
            writer.Line("writer.WriteLength(packed);");
            OpenLoop(writer, conversion, source, "item");
            writer.Line("writer." + WriteMethod(layout.Type, ValueShape.Scalar) + "(" + value + ");");
            writer.CloseBlock();
        }

        writer.CloseBlock();
    }

    private static string SizeMethod(ProtoFieldType type, ValueShape shape) => shape switch
    {
        ValueShape.Text => "String",
        ValueShape.Bytes => "Bytes",
        ValueShape.Message => "Message",
        _ => WireCalls.Name(type),
    };

    private static string WriteMethod(ProtoFieldType type, ValueShape shape) => "Write" + SizeMethod(type, shape);

    /// <summary>Google.Protobuf's test for a value a field without presence leaves out (floating point by its bits: -0.0 is written).</summary>
    private static string NotDefault(ProtoFieldType type, string value) => type switch
    {
        ProtoFieldType.Bool => value,
        ProtoFieldType.Float => "global::System.BitConverter.SingleToInt32Bits(" + value + ") != 0",
        ProtoFieldType.Double => "global::System.BitConverter.DoubleToInt64Bits(" + value + ") != 0",
        ProtoFieldType.String or ProtoFieldType.Bytes => "(" + value + ").Length != 0",
        _ => "(" + value + ") != 0",
    };

    /// <summary>Indexes lists (an interface enumerator would be allocated), enumerates anything else.</summary>
    private static void OpenLoop(SourceWriter writer, ConversionSpec conversion, string source, string item)
    {
        if (!conversion.CollectionIndexable)
        {
            writer.OpenBlock("foreach (var " + item + " in " + source + ")");
            return;
        }

        writer.OpenBlock("for (int i = 0; i < " + source + ".Count; i++)");
        writer.Line("var " + item + " = " + source + "[i];");
    }

    /// <summary>The wire value of <paramref name="value"/> in the form the runtime's overloads take.</summary>
    private static string Value(ConversionSpec conversion, ValueShape shape, string value, bool always)
    {
        switch (conversion.Kind)
        {
            case ConversionKind.Wrapper:
                return value + "." + conversion.WrapperMember;
            case ConversionKind.EnumCast:
                return "(int)(" + conversion.WireElementType + ")" + value;
            case ConversionKind.BytesMemory:
                return value + ".Span";
            case ConversionKind.BytesArray:
                return "new global::System.ReadOnlySpan<byte>(" + value + ")"; // null reads as empty, as ToProto's ByteString.Empty
            case ConversionKind.Message:
                return value;
        }

        if (shape == ValueShape.Text)
        {
            return always && conversion.Collection == CollectionKind.None ? "(" + value + " ?? string.Empty)" : value;
        }

        if (shape == ValueShape.Bytes)
        {
            return always && conversion.Collection == CollectionKind.None
                ? "(" + value + " ?? global::Google.Protobuf.ByteString.Empty).Span"
                : value + ".Span";
        }

        return value;
    }
}
