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
    /// <param name="sourceFilePath">The declaring tree's path, the key for <see cref="MessageDraft.SourceFilePath"/> ("" from the analyzer, which emits nothing).</param>
    public static ParseResult<MessageDraft> Parse(INamedTypeSymbol type, AttributeData attribute, CancellationToken cancellationToken, string sourceFilePath = "")
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

        List<IPropertySymbol> properties = ConstructionAnalyzer.PublicProperties(type);
        ConstructionSpec construction = ConstructionAnalyzer.Analyze(type, properties);
        List<IPropertySymbol> wireProperties = ProtoFieldProperties(protoType);
        var fields = new List<FieldDraft>(properties.Count);
        var failed = new List<string>();

        foreach (IPropertySymbol property in properties)
        {
            cancellationToken.ThrowIfCancellationRequested();

            (bool isPeerAddress, bool isNotOnWire, AttributeData? fieldAttribute) = ReadPropertyAttributes(property);
            if (isPeerAddress)
            {
                if (property.Type.SpecialType != SpecialType.System_String || !type.IsRecord || property.SetMethod is null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidPeerAddress, property, property.Name, typeName));
                }

                continue;
            }

            if (isNotOnWire || IsCompilerSynthesized(property))
            {
                continue;
            }

            string? renamed = fieldAttribute?.NamedArgument<string>("Name");
            string wanted = renamed is null ? property.Name : Proto.ProtoNames.ToCSharpPropertyName(renamed);
            IPropertySymbol? wire = FindWireProperty(wireProperties, wanted);
            if (wire is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PropertyWithoutField, property, property.Name, typeName, protoType.ToDisplayString()));
                continue;
            }

            ConversionSpec? conversion = ConversionClassifier.Classify(property.Type, wire.Type, out ConversionClassifier.Failure failure, out string? detail);
            if (conversion is null)
            {
                diagnostics.Add(failure == ConversionClassifier.Failure.EnumMismatch
                    ? DiagnosticInfo.Create(
                        DiagnosticDescriptors.EnumMismatch, property, property.Name, typeName,
                        property.Type.ToDisplayString(), wire.Type.ToDisplayString(), detail ?? string.Empty)
                    : DiagnosticInfo.Create(
                        DiagnosticDescriptors.IncompatibleType, property, property.Name, typeName,
                        property.Type.ToDisplayString(), wire.Name, wire.Type.ToDisplayString()));
                failed.Add(wire.Name);
                continue;
            }

            if (!construction.CanSet(CSharpIdentifier.Escape(property.Name)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PropertyNotSettable, property, property.Name, typeName));
                failed.Add(wire.Name);
                continue;
            }

            bool hasPresence = AnyMember(protoType, "Has" + wire.Name, static m => m is IPropertySymbol);
            int compiledNumber = CompiledFieldNumber(protoType, wire.Name);
            bool emitDefault = fieldAttribute?.NamedArgument<bool>("EmitDefault") ?? false;
            fields.Add(new FieldDraft
            {
                PropertyName = property.Name,
                Identifier = CSharpIdentifier.Escape(property.Name),
                ProtoPropertyName = wire.Name,
                EmitDefault = emitDefault,
                ProtoHasPresence = hasPresence,
                Conversion = conversion,
                CompiledNumber = compiledNumber,
            });
        }

        EquatableArray<FieldDraft> named = GeneratedNames.ForMessage(fields);

        var draft = new MessageDraft(
            type.ToDeclarationSpec(),
            protoType.ToFullyQualified(),
            protoType.ToPlainFullName(),
            type.IsValueType,
            named,
            construction)
        {
            SourceFilePath = sourceFilePath,
            FailedProtoProperties = failed.ToEquatableArray(),
        };
        return new ParseResult<MessageDraft>(diagnostics.Count == 0 ? draft : null, diagnostics.ToEquatableArray()) { Partial = draft };
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

    /// <summary>The three RaftSdk property attributes, in one walk over the attribute list.</summary>
    private static (bool PeerAddress, bool NotOnWire, AttributeData? ProtoField) ReadPropertyAttributes(IPropertySymbol property)
    {
        bool peerAddress = false;
        bool notOnWire = false;
        AttributeData? protoField = null;
        foreach (AttributeData attribute in property.GetAttributes())
        {
            INamedTypeSymbol? attributeClass = attribute.AttributeClass;
            if (attributeClass.IsNamed(KnownTypeNames.PeerAddressAttribute))
            {
                peerAddress = true;
            }
            else if (attributeClass.IsNamed(KnownTypeNames.NotOnWireAttribute))
            {
                notOnWire = true;
            }
            else if (protoField is null && attributeClass.IsNamed(KnownTypeNames.ProtoFieldAttribute))
            {
                protoField = attribute;
            }
        }

        return (peerAddress, notOnWire, protoField);
    }

    private static IPropertySymbol? FindWireProperty(List<IPropertySymbol> wireProperties, string wanted)
    {
        IPropertySymbol? caseInsensitive = null;
        foreach (IPropertySymbol candidate in wireProperties)
        {
            if (candidate.Name == wanted)
            {
                return candidate;
            }

            if (caseInsensitive is null && string.Equals(candidate.Name, wanted, System.StringComparison.OrdinalIgnoreCase))
            {
                caseInsensitive = candidate;
            }
        }

        return caseInsensitive;
    }

    /// <summary>
    /// protoc emits <c>public const int XFieldNumber</c> beside each field property <c>X</c>. Found
    /// through the member names, which come from declarations: the parsers run on every
    /// compilation change, and walking every member of a large protoc class is what costs there.
    /// </summary>
    private static List<IPropertySymbol> ProtoFieldProperties(INamedTypeSymbol protoType)
    {
        const string Suffix = "FieldNumber";
        var properties = new List<IPropertySymbol>();
        foreach (string name in protoType.MemberNames)
        {
            if (name.Length <= Suffix.Length || !name.EndsWith(Suffix, System.StringComparison.Ordinal)
                || !AnyMember(protoType, name, static m => m is IFieldSymbol { IsConst: true }))
            {
                continue;
            }

            foreach (ISymbol member in protoType.GetMembers(name.Substring(0, name.Length - Suffix.Length)))
            {
                if (member is IPropertySymbol property)
                {
                    properties.Add(property);
                }
            }
        }

        return properties;
    }

    /// <summary>The value of protoc's <c>public const int XFieldNumber</c> for property <c>X</c> (found by <see cref="ProtoFieldProperties"/>).</summary>
    private static int CompiledFieldNumber(INamedTypeSymbol protoType, string propertyName)
    {
        foreach (ISymbol member in protoType.GetMembers(propertyName + "FieldNumber"))
        {
            if (member is IFieldSymbol { IsConst: true, ConstantValue: int number })
            {
                return number;
            }
        }

        return 0;
    }

    /// <summary>Whether a member of that name matches; a loop, not LINQ: it runs per field on every compilation change.</summary>
    private static bool AnyMember(INamedTypeSymbol type, string name, System.Func<ISymbol, bool> match)
    {
        foreach (ISymbol member in type.GetMembers(name))
        {
            if (match(member))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsProtobufMessage(INamedTypeSymbol type)
    {
        // protoc declares IMessage<T> directly; AllInterfaces (which builds the closure) only for hand-written classes.
        if (!AnyMessageInterface(type.Interfaces) && !AnyMessageInterface(type.AllInterfaces))
        {
            return false;
        }

        return AnyMember(type, "Parser", static m => m.IsStatic);
    }

    private static bool AnyMessageInterface(System.Collections.Immutable.ImmutableArray<INamedTypeSymbol> interfaces)
    {
        foreach (INamedTypeSymbol candidate in interfaces)
        {
            if (IsGenericMessageInterface(candidate))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsGenericMessageInterface(INamedTypeSymbol candidate) =>
        candidate.IsGenericType && candidate.IsNamed(KnownTypeNames.ProtobufMessage);
}
