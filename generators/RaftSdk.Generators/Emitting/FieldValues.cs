using System.Collections.Generic;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Model;

namespace RaftSdk.Generators.Emitting;

/// <summary>
/// The decisions ToProto and the direct writer must make identically (when a field is sent) and
/// the construction of a record from field values, shared by FromProto and ReadProto.
/// </summary>
internal static class FieldValues
{
    /// <summary>The condition under which a singular field that is not always sent goes on the wire.</summary>
    public static string SendCondition(FieldMappingSpec field, string source)
    {
        ConversionSpec conversion = field.Conversion;
        if (conversion.Kind == ConversionKind.Message || field.Presence == FieldPresence.WhenNotNull)
        {
            return source + " is not null";
        }

        return conversion.Kind switch
        {
            ConversionKind.Direct when conversion.WireKind == WireValueKind.String => "!string.IsNullOrEmpty(" + source + ")",
            ConversionKind.Direct when conversion.WireKind == WireValueKind.ByteString => source + " is { IsEmpty: false }",
            ConversionKind.Wrapper => source + "." + conversion.WrapperMember + " != default",
            ConversionKind.BytesMemory => "!" + source + ".IsEmpty",
            ConversionKind.BytesArray => source + " is { Length: > 0 }",
            _ => source + " != default",
        };
    }

    /// <summary>Writes <c>return new T(p: v, ...) { M = v, ... };</c>; unlisted constructor parameters get their default.</summary>
    public static void EmitConstruction(SourceWriter writer, MessageSpec spec, Dictionary<string, string> values)
    {
        var arguments = new List<string>();
        foreach (string parameter in spec.Construction.ConstructorParameters)
        {
            arguments.Add(parameter + ": " + (values.TryGetValue(parameter, out string? value) ? value : "default!"));
        }

        var initializers = new List<string>();
        foreach (string member in spec.Construction.InitializerMembers)
        {
            if (values.TryGetValue(member, out string? value))
            {
                initializers.Add(member + " = " + value + ",");
            }
        }

        string create = "return new " + spec.Type.FullyQualifiedName + "(" + string.Join(", ", arguments) + ")";
        if (initializers.Count == 0)
        {
            writer.Line(create + ";");
            return;
        }

        writer.Line(create);
        writer.OpenBlock();
        foreach (string initializer in initializers)
        {
            writer.Line(initializer);
        }

        writer.CloseBlock(";");
    }
}
