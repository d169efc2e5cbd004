using System;
using System.Collections.Generic;
using System.Linq;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Diagnostics;
using RaftSdk.Generators.Model;
using RaftSdk.Generators.Proto;

namespace RaftSdk.Generators.Parsing;

/// <summary>
/// Adds the .proto labels and field layouts to a <see cref="MessageDraft"/> and decides, per field,
/// when it goes on the wire (<see cref="FieldPresence"/>) and where (<see cref="WireLayout"/>),
/// and, per record, whether the direct codec applies: only with a layout for every field, so a
/// message no .proto describes is written and read through its Google.Protobuf class (RAFT025).
/// </summary>
internal static class MessageResolver
{
    /// <summary>The direct codec tracks required fields in one 64-bit mask.</summary>
    private const int MaxDirectCodecFields = 64;

    /// <param name="location">Where to report; the generator passes null, since only the analyzer reports.</param>
    /// <param name="propertyLocation">Where a property is declared, for diagnostics about one field (the analyzer's).</param>
    public static ParseResult<MessageSpec> Resolve(MessageDraft draft, ProtoCatalog protoFiles, LocationInfo? location, Func<string, LocationInfo?>? propertyLocation = null)
    {
        var diagnostics = new List<DiagnosticInfo>();
        LocationInfo? At(string property) => propertyLocation?.Invoke(property) ?? location;

        ProtoMessage? proto = protoFiles.Find(draft.ProtoTypeFullName);

        if (proto is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ProtoFileNotFound, location, draft.ProtoTypeFullName));
        }

        var fields = new List<FieldMappingSpec>();
        bool direct = true;
        foreach (FieldDraft field in draft.Fields)
        {
            // By name, else by the class's field number: protoc renames a property that would clash (Foo_ in message Foo).
            ProtoField? protoField = proto?.Fields.FirstOrDefault(f => f.CSharpName == field.ProtoPropertyName)
                ?? proto?.Fields.FirstOrDefault(f => f.Number == field.CompiledNumber && field.CompiledNumber != 0);
            ConversionSpec conversion = field.Conversion;
            ProtoLabel label = conversion.Collection != CollectionKind.None
                ? ProtoLabel.Repeated
                : protoField?.Label ?? ProtoLabel.Required; // unknown: writing every field is the safe side

            if (protoField?.Oneof is { } oneof)
            {
                // Members of a oneof clear each other: a record with two of them set would lose all but one.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OneofField, At(field.PropertyName), field.PropertyName, draft.Type.Name, protoField.Name, oneof));
            }

            if (protoField is { Label: ProtoLabel.Required } && conversion.DomainIsNullable)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NullableRequiredField, At(field.PropertyName), field.PropertyName, draft.Type.Name, protoField.Name));
            }

            WireLayout? layout = null;
            if (proto is not null)
            {
                layout = WireLayouts.Decide(proto, protoField, field, out string? mismatch);
                if (mismatch is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ProtoFileMismatch, At(field.PropertyName), field.PropertyName, draft.Type.Name, draft.ProtoTypeFullName, mismatch));
                }
            }

            direct &= layout is not null;
            fields.Add(new FieldMappingSpec
            {
                PropertyName = field.PropertyName,
                Identifier = field.Identifier,
                ProtoPropertyName = field.ProtoPropertyName,
                Label = label,
                Presence = PresenceOf(label, field),
                ProtoHasPresence = field.ProtoHasPresence,
                Conversion = conversion,
                Layout = layout,
                LocalName = field.LocalName,
            });
        }

        if (proto is not null)
        {
            foreach (ProtoField required in proto.Fields.Where(f => f.Label == ProtoLabel.Required))
            {
                if (!draft.Fields.Any(f => f.ProtoPropertyName == required.CSharpName) && !draft.FailedProtoProperties.Contains(required.CSharpName))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.RequiredFieldWithoutSource, location, required.Name, draft.ProtoTypeFullName, draft.Type.Name));
                }
            }
        }

        bool fatal = diagnostics.Any(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        MessageSpec? spec = fatal
            ? null
            : new MessageSpec
            {
                Type = draft.Type,
                ProtoType = draft.ProtoType,
                IsValueType = draft.IsValueType,
                Fields = fields.ToEquatableArray(),
                Construction = draft.Construction,
                LabelsKnown = proto is not null,
                UsesDirectWriter = direct,
                UsesDirectReader = direct && fields.Count <= MaxDirectCodecFields,
                WireOrder = WireOrder(fields),
                SourceFilePath = draft.SourceFilePath,
            };
        return new ParseResult<MessageSpec>(spec, diagnostics.ToEquatableArray());
    }

    /// <summary>Field indexes by field number (ties, which protoc refuses, in declaration order).</summary>
    private static EquatableArray<int> WireOrder(List<FieldMappingSpec> fields) =>
        Enumerable.Range(0, fields.Count).OrderBy(i => fields[i].Layout?.Number ?? 0).ThenBy(i => i).ToEquatableArray();

    private static FieldPresence PresenceOf(ProtoLabel label, FieldDraft field)
    {
        ConversionSpec conversion = field.Conversion;
        if (label == ProtoLabel.Repeated)
        {
            return FieldPresence.Repeated;
        }

        // A nullable property on a field with presence says absent with null, and nothing else:
        // an empty string or byte array is a value and goes on the wire.
        if (conversion.DomainIsNullable && (field.ProtoHasPresence || conversion.Kind == ConversionKind.Message))
        {
            return FieldPresence.WhenNotNull;
        }

        if (label == ProtoLabel.Required || field.EmitDefault)
        {
            return FieldPresence.Always;
        }

        return FieldPresence.WhenNotDefault;
    }
}
