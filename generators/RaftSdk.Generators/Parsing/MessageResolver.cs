using System.Collections.Generic;
using System.Linq;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Diagnostics;
using RaftSdk.Generators.Model;
using RaftSdk.Generators.Proto;

namespace RaftSdk.Generators.Parsing;

/// <summary>Adds the .proto labels to a <see cref="MessageDraft"/>.</summary>
internal static class MessageResolver
{
    /// <param name="location">Where to report; the generator passes null, since only the analyzer reports.</param>
    public static ParseResult<MessageSpec> Resolve(MessageDraft draft, ProtoCatalog protoFiles, LocationInfo? location)
    {
        var diagnostics = new List<DiagnosticInfo>();

        ProtoMessage? proto = protoFiles.Find(draft.ProtoTypeFullName);

        if (proto is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ProtoFileNotFound, location, draft.ProtoTypeFullName));
        }

        var fields = new List<FieldMappingSpec>();
        foreach (FieldDraft field in draft.Fields)
        {
            ProtoField? protoField = proto?.Fields.FirstOrDefault(f => f.CSharpName == field.ProtoPropertyName);
            ProtoLabel label = field.Conversion.Collection != CollectionKind.None
                ? ProtoLabel.Repeated
                : protoField?.Label ?? ProtoLabel.Required; // unknown: writing every field is the safe side
            fields.Add(new FieldMappingSpec(field.PropertyName, field.ProtoPropertyName, label, field.EmitDefault, field.ProtoHasPresence, field.Conversion));
        }

        if (proto is not null)
        {
            foreach (ProtoField required in proto.Fields.Where(f => f.Label == ProtoLabel.Required))
            {
                if (!draft.Fields.Any(f => f.ProtoPropertyName == required.CSharpName))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.RequiredFieldWithoutSource, location, required.Name, draft.ProtoTypeFullName, draft.Type.Name));
                }
            }
        }

        bool fatal = diagnostics.Any(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        MessageSpec? spec = fatal
            ? null
            : new MessageSpec(draft.Type, draft.ProtoType, draft.IsValueType, fields.ToEquatableArray(), draft.Construction, proto is not null)
            {
                SourceFilePath = draft.SourceFilePath,
            };
        return new ParseResult<MessageSpec>(spec, diagnostics.ToEquatableArray());
    }
}
