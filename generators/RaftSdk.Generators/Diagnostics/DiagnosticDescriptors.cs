using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace RaftSdk.Generators.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. Ids are stable: RAFT001-RAFT099 belong to the
/// generator (RAFT1xx to the analyzers). Each id has a page under docs/diagnostics/.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string ContractCategory = "RaftSdk.Contract";
    private const string MessageCategory = "RaftSdk.Message";
    private const string HelpLinkBase = "https://github.com/raftsdk/RaftSdk/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor ContractNotInterface = Error(
        "RAFT001", ContractCategory, "[RaftContract] needs an interface",
        "'{0}' is marked [RaftContract] but is not an interface; declare the contract as an interface");

    public static readonly DiagnosticDescriptor ContractNotAccessible = Error(
        "RAFT002", ContractCategory, "Contract is not accessible to generated code",
        "Contract '{0}' must be public or internal and not nested in a private or protected type, so the generated client and dispatcher can use it");

    public static readonly DiagnosticDescriptor MissingRoute = Error(
        "RAFT003", ContractCategory, "Contract method has no route",
        "Method '{0}' has no [RaftRoute(\"/path\")]; every contract method needs a route");

    public static readonly DiagnosticDescriptor DuplicateRoute = Error(
        "RAFT004", ContractCategory, "Duplicate route",
        "Route '{0}' of method '{1}' is already used by method '{2}'; give each method its own path");

    public static readonly DiagnosticDescriptor OverloadedMethod = Error(
        "RAFT005", ContractCategory, "Contract methods cannot be overloaded",
        "Method '{0}' is overloaded; give each contract method a unique name");

    public static readonly DiagnosticDescriptor GenericMethod = Error(
        "RAFT006", ContractCategory, "Contract methods cannot be generic",
        "Method '{0}' is generic; a route needs concrete message types");

    public static readonly DiagnosticDescriptor RefParameter = Error(
        "RAFT007", ContractCategory, "ref, out and in parameters are not supported",
        "Parameter '{0}' of '{1}' is ref, out or in; pass messages by value");

    public static readonly DiagnosticDescriptor UnsupportedParameter = Error(
        "RAFT008", ContractCategory, "Unsupported parameter",
        "Parameter '{0}' of '{1}' has type '{2}'; a contract method takes at most one [ProtoMessage] message, an optional Stream body and an optional CancellationToken");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Error(
        "RAFT009", ContractCategory, "Unsupported return type",
        "Method '{0}' returns '{1}'; return a [ProtoMessage] message, Task<T> or ValueTask<T> of one, or set Response and ResultMember on [RaftRoute]");

    public static readonly DiagnosticDescriptor UnsupportedMember = Error(
        "RAFT010", ContractCategory, "Unsupported contract member",
        "'{0}' is not a method; a contract holds only methods with [RaftRoute]");

    public static readonly DiagnosticDescriptor GetWithBody = Error(
        "RAFT011", ContractCategory, "A GET route takes no message",
        "Method '{0}' is a GET route but takes the message parameter '{1}'; use POST or remove the parameter");

    public static readonly DiagnosticDescriptor InvalidResponseMapping = Error(
        "RAFT012", ContractCategory, "Invalid response mapping",
        "Route of '{0}': {1}");

    public static readonly DiagnosticDescriptor InvalidRoute = Error(
        "RAFT013", ContractCategory, "Invalid route",
        "Route of '{0}': {1}");

    public static readonly DiagnosticDescriptor InvalidContentType = Error(
        "RAFT014", ContractCategory, "Invalid content type",
        "Contract '{0}' has content type '{1}'; give [RaftContract] a media type such as \"application/x-protobuf\" (type/subtype, no spaces)");

    public static readonly DiagnosticDescriptor UnsupportedStreamedBody = Error(
        "RAFT015", ContractCategory, "Unsupported streamed body",
        "Method '{0}' cannot stream its body: {1}");

    public static readonly DiagnosticDescriptor StreamedAnswer = Error(
        "RAFT016", ContractCategory, "A bare stream is not an answer",
        "Method '{0}' returns '{1}'; answer a stream as RaftStreamedAnswer<THeader> (a [ProtoMessage] header, then the body), or answer a [ProtoMessage] message");

    public static readonly DiagnosticDescriptor UnsupportedStreamedAnswer = Error(
        "RAFT017", ContractCategory, "Unsupported streamed answer",
        "Method '{0}' cannot stream its answer: {1}");

    public static readonly DiagnosticDescriptor MessageNotPartial = Error(
        "RAFT020", MessageCategory, "Message type must be partial",
        "'{0}' is marked [ProtoMessage] and must be declared partial (with every containing type), so the generator can add ToProto and FromProto");

    public static readonly DiagnosticDescriptor PropertyWithoutField = Error(
        "RAFT021", MessageCategory, "Property has no protobuf field",
        "Property '{0}' of '{1}' has no field in '{2}' and would be dropped on the wire; add the field to the .proto, name it with [ProtoField(Name = ...)], or mark the property [NotOnWire]");

    public static readonly DiagnosticDescriptor RequiredFieldWithoutSource = Error(
        "RAFT022", MessageCategory, "Required protobuf field has no source",
        "Required field '{0}' of '{1}' has no property in '{2}'; a peer rejects a message without it, so add a property for it");

    public static readonly DiagnosticDescriptor IncompatibleType = Error(
        "RAFT023", MessageCategory, "Property type cannot convert to its field",
        "Property '{0}' of '{1}' has type '{2}', which cannot convert to field '{3}' of type '{4}'");

    public static readonly DiagnosticDescriptor PropertyNotSettable = Error(
        "RAFT024", MessageCategory, "Property cannot be set from the wire",
        "Property '{0}' of '{1}' has no init or set accessor and no constructor parameter; received values would be lost");

    public static readonly DiagnosticDescriptor ProtoFileNotFound = Warning(
        "RAFT025", MessageCategory, "No .proto file describes the protobuf class",
        "No .proto among AdditionalFiles defines '{0}'; without its field numbers and types the record is written and read through the protobuf class (ToProto/FromProto, slower than the generated codec), and every field is written even when zero, since required fields cannot be told apart. Add the .proto files as AdditionalFiles (the RaftSdk package does this for Protobuf items)");

    public static readonly DiagnosticDescriptor NotAProtobufMessage = Error(
        "RAFT026", MessageCategory, "Not a protobuf message class",
        "'{0}' given to [ProtoMessage] on '{1}' is not a Google.Protobuf message class (IMessage<T> with a static Parser)");

    public static readonly DiagnosticDescriptor MessageNotAccessible = Error(
        "RAFT027", MessageCategory, "Message is not accessible to generated code",
        "Message '{0}' must be public or internal and not nested in a private or protected type");

    public static readonly DiagnosticDescriptor InvalidPeerAddress = Error(
        "RAFT028", MessageCategory, "Invalid [PeerAddress] property",
        "[PeerAddress] property '{0}' of '{1}' must be a string with an init or set accessor on a record");

    public static readonly DiagnosticDescriptor ErrorStatusWithoutBody = Error(
        "RAFT029", ContractCategory, "An error answered with status 200 needs an error member",
        "Route of '{0}' answers errors with status 200 but sets no ErrorMember; a caller could not tell failure from success");

    public static readonly DiagnosticDescriptor UnsupportedMessageShape = Error(
        "RAFT030", MessageCategory, "Unsupported message shape",
        "'{0}' cannot be mapped: {1}");

    public static readonly DiagnosticDescriptor NullableRequiredField = Error(
        "RAFT031", MessageCategory, "A required field needs a non-nullable property",
        "Property '{0}' of '{1}' is nullable but field '{2}' is required; null would leave the field off the wire and a peer rejects the message, so make the property non-nullable");

    public static readonly DiagnosticDescriptor OneofField = Error(
        "RAFT032", MessageCategory, "oneof fields are not supported",
        "Property '{0}' of '{1}' maps field '{2}' of oneof '{3}'; setting one member of a oneof clears the others, so a record could not send what it holds. Map the oneof's message by hand or use plain optional fields");

    public static readonly DiagnosticDescriptor EnumMismatch = Error(
        "RAFT033", MessageCategory, "Enum does not match its protobuf enum",
        "Property '{0}' of '{1}': enum '{2}' does not match '{3}' by name and number ({4}); the value would be sent as another member. Give both enums the same members with the same numbers");

    public static readonly DiagnosticDescriptor ProtoFileMismatch = Error(
        "RAFT034", MessageCategory, "The .proto does not match the compiled protobuf class",
        "Property '{0}' of '{1}': the .proto among AdditionalFiles that defines '{2}' {3}; the generated codec takes field numbers and types from the .proto, so it would write other bytes than the class. Hand the generator the .proto the class is compiled from");

    private static readonly Dictionary<string, DiagnosticDescriptor> All = typeof(DiagnosticDescriptors)
        .GetFields()
        .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
        .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
        .ToDictionary(descriptor => descriptor.Id);

    public static ImmutableArray<DiagnosticDescriptor> AllDescriptors { get; } = All.Values.OrderBy(d => d.Id, System.StringComparer.Ordinal).ToImmutableArray();

    public static DiagnosticDescriptor ById(string id) => All[id];

    private static DiagnosticDescriptor Error(string id, string category, string title, string message) =>
        new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");

    private static DiagnosticDescriptor Warning(string id, string category, string title, string message) =>
        new(id, title, message, category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
