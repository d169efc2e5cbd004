using System.Collections.Generic;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Model;
using RaftSdk.Generators.Proto;

namespace RaftSdk.Generators.Emitting;

/// <summary>
/// Writes ToProto/FromProto and the direct wire codec for the message records of one source
/// file. A pure function of the <see cref="MessageFileSpec"/>: same spec, same text.
/// </summary>
internal static class MessageMappingEmitter
{
    public static string Emit(MessageFileSpec file)
    {
        var writer = new SourceWriter();
        writer.Line(EmitterHelpers.Header.TrimEnd('\n'));
        for (int i = 0; i < file.Messages.Count; i++)
        {
            writer.Line();
            EmitMessage(writer, file.Messages[i]);
        }

        return writer.ToString();
    }

    private static void EmitMessage(SourceWriter writer, MessageSpec spec)
    {
        int opened = EmitterHelpers.OpenContainers(writer, spec.Type.Namespace, spec.Type.ContainingTypeHeaders);
        writer.OpenBlock(spec.Type.Header + " : " + WireWriterEmitter.Interface);
        EmitToProto(writer, spec);
        writer.Line();
        EmitFromProto(writer, spec);
        writer.Line();
        EmitIsProtoComplete(writer, spec);
        writer.Line();
        WireWriterEmitter.Emit(writer, spec);
        writer.Line();
        WireReaderEmitter.Emit(writer, spec);
        writer.CloseBlock();
        EmitterHelpers.CloseContainers(writer, opened);
    }

    private static void EmitToProto(SourceWriter writer, MessageSpec spec)
    {
        writer.Line("/// <summary>Converts this message to its wire form, <see cref=\"" + spec.ProtoType + "\"/>. Required fields are always set, even when zero.</summary>");
        writer.OpenBlock("public " + spec.ProtoType + " ToProto()");
        writer.Line("var proto = new " + spec.ProtoType + "();");
        foreach (FieldMappingSpec field in spec.Fields)
        {
            EmitFieldToProto(writer, field);
        }

        writer.Line("return proto;");
        writer.CloseBlock();
    }

    private static void EmitFieldToProto(SourceWriter writer, FieldMappingSpec field)
    {
        ConversionSpec conversion = field.Conversion;
        string source = "this." + field.Identifier;
        string target = "proto." + field.ProtoPropertyName;

        if (conversion.Collection != CollectionKind.None)
        {
            string guard = conversion.DomainIsNullableReference || conversion.Collection != CollectionKind.None
                ? "if (" + source + " is not null)"
                : string.Empty;
            string statement = conversion.Kind == ConversionKind.Direct
                ? target + ".AddRange(" + source + ");"
                : "global::RaftSdk.Mapping.ProtoCollections.AddAll(" + target + ", " + source + ", static item => " + ToWire(conversion, "item") + ");";
            writer.OpenBlock(guard).Line(statement).CloseBlock();
            return;
        }

        if (conversion.DomainIsNullableValue)
        {
            writer.OpenBlock("if (" + source + ".HasValue)");
            writer.Line(target + " = " + ToWire(conversion, source + ".Value") + ";");
            writer.CloseBlock();
            return;
        }

        if (conversion.Kind == ConversionKind.Message || field.Presence != FieldPresence.Always)
        {
            writer.OpenBlock("if (" + FieldValues.SendCondition(field, source) + ")");
            writer.Line(target + " = " + ToWire(conversion, source) + ";");
            writer.CloseBlock();
            return;
        }

        // Written unconditionally: a null reference becomes the empty value, which the setter accepts.
        string value = ToWire(conversion, source);
        if (conversion.Kind == ConversionKind.Direct && conversion.WireKind == WireValueKind.String)
        {
            value = source + " ?? string.Empty";
        }
        else if (conversion.Kind == ConversionKind.BytesArray)
        {
            value = source + " is null ? global::Google.Protobuf.ByteString.Empty : " + value;
        }

        writer.Line(target + " = " + value + ";");
    }

    private static string ToWire(ConversionSpec conversion, string value) => conversion.Kind switch
    {
        ConversionKind.Wrapper => value + "." + conversion.WrapperMember,
        ConversionKind.EnumCast => "(" + conversion.WireElementType + ")" + value,
        ConversionKind.BytesMemory => "global::Google.Protobuf.UnsafeByteOperations.UnsafeWrap(" + value + ")",
        ConversionKind.BytesArray => "global::Google.Protobuf.ByteString.CopyFrom(" + value + ")",
        ConversionKind.Message => value + ".ToProto()",
        _ => value,
    };

    private static void EmitIsProtoComplete(SourceWriter writer, MessageSpec spec)
    {
        writer.Line("/// <summary>");
        writer.Line("/// True when every required field of <paramref name=\"proto\"/>, and of the messages nested in it, is present.");
        writer.Line("/// Generated so that receiving needs no reflection: Google.Protobuf's <c>IsInitialized()</c> walks descriptors.");
        writer.Line("/// </summary>");
        writer.OpenBlock("public static bool IsProtoComplete(" + spec.ProtoType + " proto)");
        if (!spec.LabelsKnown)
        {
            writer.Line("// No .proto described this message: fall back to the descriptor-based check.");
            writer.Line("return proto is not null && global::Google.Protobuf.MessageExtensions.IsInitialized(proto);");
            writer.CloseBlock();
            return;
        }

        var terms = new List<string> { "proto is not null" };
        foreach (FieldMappingSpec field in spec.Fields)
        {
            ConversionSpec conversion = field.Conversion;
            string source = "proto." + field.ProtoPropertyName;
            if (conversion.Kind == ConversionKind.Message)
            {
                string nested = conversion.DomainElementType + ".IsProtoComplete";
                if (conversion.Collection != CollectionKind.None)
                {
                    terms.Add("global::RaftSdk.Mapping.ProtoCollections.All(" + source + ", static item => " + nested + "(item))");
                }
                else if (field.Label == ProtoLabel.Required)
                {
                    terms.Add(source + " is not null && " + nested + "(" + source + ")");
                }
                else
                {
                    terms.Add("(" + source + " is null || " + nested + "(" + source + "))");
                }
            }
            else if (field.Label == ProtoLabel.Required && field.ProtoHasPresence)
            {
                terms.Add("proto.Has" + field.ProtoPropertyName);
            }
        }

        writer.Line("return " + terms[0] + (terms.Count == 1 ? ";" : string.Empty));
        writer.Indent();
        for (int i = 1; i < terms.Count; i++)
        {
            writer.Line("&& " + terms[i] + (i == terms.Count - 1 ? ";" : string.Empty));
        }

        writer.Unindent();
        writer.CloseBlock();
    }

    private static void EmitFromProto(SourceWriter writer, MessageSpec spec)
    {
        writer.Line("/// <summary>Reads a message from its wire form. Absent optional fields read as their defaults.</summary>");
        writer.OpenBlock("public static " + spec.Type.FullyQualifiedName + " FromProto(" + spec.ProtoType + " proto)");
        writer.Line("global::System.ArgumentNullException.ThrowIfNull(proto);");
        var values = new Dictionary<string, string>();
        foreach (FieldMappingSpec field in spec.Fields)
        {
            values[field.Identifier] = FromWire(field);
        }

        FieldValues.EmitConstruction(writer, spec, values);
        writer.CloseBlock();
    }

    private static string FromWire(FieldMappingSpec field)
    {
        ConversionSpec conversion = field.Conversion;
        string source = "proto." + field.ProtoPropertyName;
        switch (conversion.Collection)
        {
            case CollectionKind.ReadOnlyInterface when conversion.Kind == ConversionKind.Direct:
                return source; // RepeatedField<T> is an IReadOnlyList<T>: no copy.
            case CollectionKind.List:
                return "global::RaftSdk.Mapping.ProtoCollections.ToList(" + source + ", static item => " + ElementFromWire(conversion, "item") + ")";
            case CollectionKind.ReadOnlyInterface:
            case CollectionKind.Array:
                return "global::RaftSdk.Mapping.ProtoCollections.ToArray(" + source + ", static item => " + ElementFromWire(conversion, "item") + ")";
        }

        if (conversion.DomainIsNullableValue && conversion.Kind == ConversionKind.Message)
        {
            return source + " is null ? null : " + ElementFromWire(conversion, source);
        }

        if (field.Presence == FieldPresence.WhenNotNull && conversion.Kind != ConversionKind.Message)
        {
            // Only a present field is a value: HasX, not the empty default, decides null.
            // Typed, not a bare null: ReadOnlyMemory<byte> converts from a null array, so "c ? memory : null" would be an empty memory.
            string absent = conversion.DomainIsNullableValue ? "default(" + conversion.DomainType + ")" : "null";
            return "proto.Has" + field.ProtoPropertyName + " ? " + ElementFromWire(conversion, source) + " : " + absent;
        }

        if (conversion.Kind == ConversionKind.Message)
        {
            return source + " is null ? " + (conversion.DomainIsNullableReference ? "null" : "default!") + " : " + ElementFromWire(conversion, source);
        }

        return ElementFromWire(conversion, source);
    }

    private static string ElementFromWire(ConversionSpec conversion, string value) => conversion.Kind switch
    {
        ConversionKind.Wrapper => "new " + conversion.DomainElementType + "(" + value + ")",
        ConversionKind.EnumCast => "(" + conversion.DomainElementType + ")" + value,
        ConversionKind.BytesMemory => value + ".Memory",
        ConversionKind.BytesArray => value + ".ToByteArray()",
        ConversionKind.Message => conversion.DomainElementType + ".FromProto(" + value + ")",
        _ => value,
    };
}
