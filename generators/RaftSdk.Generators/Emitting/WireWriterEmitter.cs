using System;
using System.Collections.Generic;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Model;
using RaftSdk.Generators.Proto;

namespace RaftSdk.Generators.Emitting;

/// <summary>
/// Writes the <c>IProtoWritable</c> implementation of a message record: its wire form straight
/// from the properties, without building the Google.Protobuf object graph. It mirrors
/// <c>ToProto()</c> decision for decision (what ToProto sets is written, what it leaves unset is
/// not), and the runtime writes fields in field-number order with the descriptor's field types,
/// so the bytes equal those of <c>ToProto()</c> serialized. A record with a field shape it does
/// not know falls back to serializing <c>ToProto()</c>.
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

        var infos = new List<string>();
        foreach (FieldMappingSpec field in spec.Fields)
        {
            string info = field.InfoName;
            infos.Add(info);
            writer.Line("private static readonly global::RaftSdk.Mapping.ProtoFieldInfo " + info + " = global::RaftSdk.Mapping.ProtoFieldInfo.For("
                + spec.ProtoType + ".Descriptor, " + spec.ProtoType + "." + field.ProtoPropertyName + "FieldNumber);");
        }

        writer.Line("private static readonly int[] " + spec.Names.WireOrder + " = global::RaftSdk.Mapping.ProtoFieldInfo.Order(" + string.Join(", ", infos) + ");");
        writer.Line("private static readonly bool " + spec.Names.WireInOrder + " = global::RaftSdk.Mapping.ProtoFieldInfo.IsInOrder(" + spec.Names.WireOrder + ");");
        writer.Line();

        writer.Line("/// <summary>The size of the wire form, computed from the properties (no <see cref=\"" + spec.ProtoType + "\"/> is built).</summary>");
        writer.OpenBlock("int " + Interface + ".CalculateProtoSize()");
        writer.Line("int size = 0;");
        for (int i = 0; i < spec.Fields.Count; i++)
        {
            EmitField(writer, spec.Fields[i], sizing: true);
        }

        writer.Line("return size;");
        writer.CloseBlock();
        writer.Line();

        writer.Line("/// <summary>Writes the wire form straight from the properties: the bytes of <c>ToProto()</c> serialized, without building it.</summary>");
        writer.OpenBlock("void " + Interface + ".WriteProto(ref global::RaftSdk.Mapping.ProtoWriter writer)");
        if (spec.Fields.Count > 0)
        {
            // Properties declared in field-number order (the usual case) are written straight;
            // otherwise in the number order found at run time.
            writer.OpenBlock("if (" + spec.Names.WireInOrder + ")");
            for (int i = 0; i < spec.Fields.Count; i++)
            {
                EmitField(writer, spec.Fields[i], sizing: false);
            }

            writer.Line("return;");
            writer.CloseBlock();
            writer.Line();
            writer.OpenBlock("foreach (int field in " + spec.Names.WireOrder + ")");
            writer.OpenBlock("switch (field)");
            for (int i = 0; i < spec.Fields.Count; i++)
            {
                writer.Line("case " + i + ":");
                writer.Indent();
                EmitField(writer, spec.Fields[i], sizing: false);
                writer.Line("break;");
                writer.Unindent();
            }

            writer.CloseBlock();
            writer.CloseBlock();
        }

        writer.CloseBlock();
    }

    private static void EmitFallback(SourceWriter writer, MessageSpec spec)
    {
        writer.Line("/// <summary>The size of the wire form (through <c>ToProto()</c>: a field of this record has no direct writer).</summary>");
        writer.Line("int " + Interface + ".CalculateProtoSize() => this.ToProto().CalculateSize();");
        writer.Line();
        writer.Line("/// <summary>Writes the wire form (through <c>ToProto()</c>: a field of this record has no direct writer).</summary>");
        writer.Line("void " + Interface + ".WriteProto(ref global::RaftSdk.Mapping.ProtoWriter writer) => writer.WriteMessageBody(this.ToProto());");
    }

    private static void EmitField(SourceWriter writer, FieldMappingSpec field, bool sizing)
    {
        ConversionSpec conversion = field.Conversion;
        ValueShape shape = conversion.Shape;
        string source = "this." + field.Identifier;
        string info = field.InfoName;

        if (conversion.Collection != CollectionKind.None)
        {
            writer.OpenBlock("if (" + source + " is not null)");
            if (shape == ValueShape.Scalar)
            {
                EmitPacked(writer, field, source, info, sizing);
            }
            else
            {
                OpenLoop(writer, conversion, source, "item");
                string value = Value(conversion, shape, "item", always: true);
                if (shape == ValueShape.Message)
                {
                    writer.Line(sizing ? "size += " + Size + ".Message(" + info + ", " + value + ");" : "writer.WriteMessage(" + info + ", " + value + ");");
                }
                else
                {
                    writer.Line(sizing ? "size += " + Size + ".Element(" + info + ", " + value + ");" : "writer.WriteElement(" + info + ", " + value + ");");
                }

                writer.CloseBlock();
            }

            writer.CloseBlock();
            return;
        }

        if (conversion.DomainIsNullableValue)
        {
            writer.OpenBlock("if (" + source + ".HasValue)");
            Set(writer, info, shape, Value(conversion, shape, source + ".Value", always: true), sizing);
            writer.CloseBlock();
            return;
        }

        if (conversion.Kind == ConversionKind.Message)
        {
            writer.OpenBlock("if (" + source + " is not null)");
            Set(writer, info, shape, source, sizing);
            writer.CloseBlock();
            return;
        }

        // The same decision as ToProto(): required and EmitDefault fields are always set; a
        // nullable property on a field with presence when not null; others when not the default.
        if (field.Presence != FieldPresence.Always)
        {
            writer.OpenBlock("if (" + FieldValues.SendCondition(field, source) + ")");
            Set(writer, info, shape, Value(conversion, shape, source, always: false), sizing);
            writer.CloseBlock();
            return;
        }

        Set(writer, info, shape, Value(conversion, shape, source, always: true), sizing);
    }

    /// <summary>A set field: written unless it has no presence and holds its default (the runtime decides).</summary>
    private static void Set(SourceWriter writer, string info, ValueShape shape, string value, bool sizing)
    {
        if (shape == ValueShape.Message)
        {
            writer.Line(sizing ? "size += " + Size + ".Message(" + info + ", " + value + ");" : "writer.WriteMessage(" + info + ", " + value + ");");
            return;
        }

        writer.Line(sizing ? "size += " + Size + ".Of(" + info + ", " + value + ");" : "writer.Write(" + info + ", " + value + ");");
    }

    private static void EmitPacked(SourceWriter writer, FieldMappingSpec field, string source, string info, bool sizing)
    {
        ConversionSpec conversion = field.Conversion;
        string value = Value(conversion, ValueShape.Scalar, "item", always: true);
        writer.OpenBlock("if (" + info + ".IsPacked)");
        writer.Line("int packed = 0;");
        OpenLoop(writer, conversion, source, "item");
        writer.Line("packed += " + Size + ".PackedValue(" + info + ", " + value + ");");
        writer.CloseBlock();
        if (sizing)
        {
            writer.Line("size += " + Size + ".Packed(" + info + ", packed);");
        }
        else
        {
            writer.Line("writer.WritePackedHeader(" + info + ", packed);");
            OpenLoop(writer, conversion, source, "item");
            writer.Line("writer.WritePacked(" + info + ", " + value + ");");
            writer.CloseBlock();
        }

        writer.CloseBlock();
        writer.OpenBlock("else");
        OpenLoop(writer, conversion, source, "item");
        writer.Line(sizing ? "size += " + Size + ".Element(" + info + ", " + value + ");" : "writer.WriteElement(" + info + ", " + value + ");");
        writer.CloseBlock();
        writer.CloseBlock();
    }

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
                return "(global::System.ReadOnlySpan<byte>)" + value; // null reads as empty, as ToProto's ByteString.Empty
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
