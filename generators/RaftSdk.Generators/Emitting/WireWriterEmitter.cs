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

    private static readonly HashSet<string> Scalars = new(StringComparer.Ordinal) { "bool", "int", "uint", "long", "ulong", "float", "double" };

    internal enum ValueShape
    {
        Scalar,
        Text,
        Bytes,
        Message,
    }

    public static void Emit(SourceWriter writer, MessageSpec spec)
    {
        var shapes = new List<ValueShape>();
        foreach (FieldMappingSpec field in spec.Fields)
        {
            ValueShape? shape = ShapeOf(field.Conversion);
            if (shape is null)
            {
                EmitFallback(writer, spec);
                return;
            }

            shapes.Add(shape.Value);
        }

        var infos = new List<string>();
        foreach (FieldMappingSpec field in spec.Fields)
        {
            string info = InfoName(field);
            infos.Add(info);
            writer.Line("private static readonly global::RaftSdk.Mapping.ProtoFieldInfo " + info + " = global::RaftSdk.Mapping.ProtoFieldInfo.For("
                + spec.ProtoType + ".Descriptor, " + spec.ProtoType + "." + field.ProtoPropertyName + "FieldNumber);");
        }

        writer.Line("private static readonly int[] s_raftWireOrder = global::RaftSdk.Mapping.ProtoFieldInfo.Order(" + string.Join(", ", infos) + ");");
        writer.Line("private static readonly bool s_raftWireInOrder = global::RaftSdk.Mapping.ProtoFieldInfo.IsInOrder(s_raftWireOrder);");
        writer.Line();

        writer.Line("/// <summary>The size of the wire form, computed from the properties (no <see cref=\"" + spec.ProtoType + "\"/> is built).</summary>");
        writer.OpenBlock("int " + Interface + ".CalculateProtoSize()");
        writer.Line("int size = 0;");
        for (int i = 0; i < spec.Fields.Count; i++)
        {
            EmitField(writer, spec.Fields[i], shapes[i], sizing: true);
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
            writer.OpenBlock("if (s_raftWireInOrder)");
            for (int i = 0; i < spec.Fields.Count; i++)
            {
                EmitField(writer, spec.Fields[i], shapes[i], sizing: false);
            }

            writer.Line("return;");
            writer.CloseBlock();
            writer.Line();
            writer.OpenBlock("foreach (int field in s_raftWireOrder)");
            writer.OpenBlock("switch (field)");
            for (int i = 0; i < spec.Fields.Count; i++)
            {
                writer.Line("case " + i + ":");
                writer.Indent();
                EmitField(writer, spec.Fields[i], shapes[i], sizing: false);
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

    private static void EmitField(SourceWriter writer, FieldMappingSpec field, ValueShape shape, bool sizing)
    {
        ConversionSpec conversion = field.Conversion;
        string source = "this." + field.PropertyName;
        string info = InfoName(field);

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

        // The same decision as ToProto(): required and EmitDefault fields are always set; optional
        // ones only when their value is not the default.
        bool always = field.Label == ProtoLabel.Required || field.EmitDefault;
        string? presence = MessageMappingEmitter.PresenceCheck(conversion, source);
        if (!always && presence is not null)
        {
            writer.OpenBlock("if (" + presence + ")");
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
        string type = conversion.DomainType.TrimEnd('?');
        bool indexable = conversion.Collection == CollectionKind.ReadOnlyInterface
            && (type.StartsWith("global::System.Collections.Generic.IReadOnlyList<", StringComparison.Ordinal)
                || type.StartsWith("global::System.Collections.Generic.IList<", StringComparison.Ordinal));
        if (!indexable)
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

    internal static ValueShape? ShapeOf(ConversionSpec conversion)
    {
        switch (conversion.Kind)
        {
            case ConversionKind.Message:
                return ValueShape.Message;
            case ConversionKind.BytesMemory:
            case ConversionKind.BytesArray:
                return ValueShape.Bytes;
            case ConversionKind.EnumCast:
                return ValueShape.Scalar;
        }

        string wire = conversion.WireElementType.TrimEnd('?');
        if (Scalars.Contains(wire))
        {
            return ValueShape.Scalar;
        }

        if (conversion.Kind == ConversionKind.Direct && wire == "string")
        {
            return ValueShape.Text;
        }

        if (conversion.Kind == ConversionKind.Direct && wire == "global::Google.Protobuf.ByteString")
        {
            return ValueShape.Bytes;
        }

        if (conversion.Kind == ConversionKind.Wrapper && wire == "string")
        {
            return ValueShape.Text;
        }

        return null; // a proto enum used directly, or anything new: serialize ToProto() instead
    }

    internal static string InfoName(FieldMappingSpec field) => "s_raftWire" + field.PropertyName;
}
