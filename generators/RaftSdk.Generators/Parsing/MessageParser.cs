using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Diagnostics;
using RaftSdk.Generators.Model;

namespace RaftSdk.Generators.Parsing;

/// <summary>Turns a [ProtoMessage] record into a <see cref="MessageDraft"/>: symbols in, data out.</summary>
internal static class MessageParser
{
    public static ParseResult<MessageDraft> Parse(INamedTypeSymbol type, AttributeData attribute, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        string typeName = type.Name; // diagnostics name the type as the user wrote it

        if (!type.IsPartial() || (type.ContainingType is not null && !AllContainersPartial(type)))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MessageNotPartial, type, typeName));
        }

        if (!type.IsAccessibleToGeneratedCode())
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MessageNotAccessible, type, typeName));
        }

        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol protoType
            || !IsProtobufMessage(protoType))
        {
            string given = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value?.ToString() ?? "null" : "?";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotAProtobufMessage, type, given, typeName));
            return Broken(diagnostics);
        }

        if (type.IsGenericType || type.IsAbstract)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedMessageShape, type, typeName, "generic and abstract message types are not supported"));
            return Broken(diagnostics);
        }

        ConstructionSpec construction = ConstructionAnalyzer.Analyze(type);
        var wireProperties = ProtoFieldProperties(protoType);
        var fields = new List<FieldDraft>();

        foreach (IPropertySymbol property in ConstructionAnalyzer.PublicProperties(type))
        {
            cancellationToken.ThrowIfCancellationRequested();

            if (property.HasAttribute(KnownTypeNames.PeerAddressAttribute))
            {
                if (property.Type.SpecialType != SpecialType.System_String || !type.IsRecord || property.SetMethod is null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidPeerAddress, property, property.Name, typeName));
                }

                continue;
            }

            if (property.HasAttribute(KnownTypeNames.NotOnWireAttribute) || IsCompilerSynthesized(property))
            {
                continue;
            }

            AttributeData? fieldAttribute = property.FindAttribute(KnownTypeNames.ProtoFieldAttribute);
            string? renamed = fieldAttribute?.NamedArgument<string>("Name");
            string wanted = renamed is null ? property.Name : Proto.ProtoNames.ToCSharpPropertyName(renamed);
            IPropertySymbol? wire = wireProperties.FirstOrDefault(p => p.Name == wanted)
                ?? wireProperties.FirstOrDefault(p => string.Equals(p.Name, wanted, System.StringComparison.OrdinalIgnoreCase));
            if (wire is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PropertyWithoutField, property, property.Name, typeName, protoType.ToDisplayString()));
                continue;
            }

            ConversionSpec? conversion = ConversionClassifier.Classify(property.Type, wire.Type);
            if (conversion is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.IncompatibleType, property, property.Name, typeName,
                    property.Type.ToDisplayString(), wire.Name, wire.Type.ToDisplayString()));
                continue;
            }

            if (!construction.CanSet(property.Name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PropertyNotSettable, property, property.Name, typeName));
                continue;
            }

            bool hasPresence = protoType.GetMembers("Has" + wire.Name).OfType<IPropertySymbol>().Any();
            bool emitDefault = fieldAttribute?.NamedArgument<bool>("EmitDefault") ?? false;
            fields.Add(new FieldDraft(property.Name, wire.Name, emitDefault, hasPresence, conversion));
        }

        var draft = new MessageDraft(
            type.ToDeclarationSpec(),
            protoType.ToFullyQualified(),
            protoType.ToPlainFullName(),
            type.IsValueType,
            fields.ToEquatableArray(),
            construction);
        return new ParseResult<MessageDraft>(diagnostics.Count == 0 ? draft : null, diagnostics.ToEquatableArray());
    }

    private static ParseResult<MessageDraft> Broken(List<DiagnosticInfo> diagnostics) => new(null, diagnostics.ToEquatableArray());

    private static bool AllContainersPartial(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!outer.IsPartial())
            {
                return false;
            }
        }

        return true;
    }

    // Records synthesize EqualityContract (protected, so already skipped); keep the check for clarity of intent.
    private static bool IsCompilerSynthesized(IPropertySymbol property) => property.IsImplicitlyDeclared && property.Name == "EqualityContract";

    /// <summary>protoc emits <c>public const int XFieldNumber</c> beside each field property <c>X</c>.</summary>
    private static List<IPropertySymbol> ProtoFieldProperties(INamedTypeSymbol protoType)
    {
        var numbered = new HashSet<string>(protoType.GetMembers()
            .OfType<IFieldSymbol>()
            .Where(f => f.IsConst && f.Name.EndsWith("FieldNumber", System.StringComparison.Ordinal))
            .Select(f => f.Name.Substring(0, f.Name.Length - "FieldNumber".Length)));
        return protoType.GetMembers().OfType<IPropertySymbol>().Where(p => numbered.Contains(p.Name)).ToList();
    }

    private static bool IsProtobufMessage(INamedTypeSymbol type) =>
        type.AllInterfaces.Any(i => i.IsGenericType && i.IsNamed(KnownTypeNames.ProtobufMessage))
        && type.GetMembers("Parser").Any(m => m.IsStatic);
}
