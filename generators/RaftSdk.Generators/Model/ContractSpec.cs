using RaftSdk.Generators.Common;

namespace RaftSdk.Generators.Model;

internal enum ReturnShape
{
    /// <summary>Returns the value directly.</summary>
    Value,

    Task,

    ValueTask,
}

/// <summary>
/// The message a route answers with, and how a bare result or an error is put into it.
/// <see cref="Construction"/> is there exactly when <see cref="ResultMember"/> or
/// <see cref="ErrorMember"/> is: only then does generated code build the response itself.
/// </summary>
internal sealed record ResponseSpec(
    string Type,
    string ProtoType,
    ConstructionSpec? Construction,
    string? ResultMember,
    string? ErrorMember,
    string? PeerAddressMember,
    bool SupportsWith);

/// <summary>One contract method bound to a route.</summary>
internal sealed record RouteSpec(
    string MethodName,
    string ClientMethodName,
    string HttpMethod,
    string Path,
    int ErrorStatusCode,
    string? RequestType,
    string? RequestProtoType,
    string? RequestParameterName,
    bool RequestIsValueType,
    bool PassesCancellationToken,
    bool RequestFirst,
    ReturnShape ReturnShape,
    string ResultType,
    ResponseSpec Response,
    string Documentation);

/// <summary>An annotated interface: the input of the client and dispatcher emitters.</summary>
internal sealed record ContractSpec(
    string Namespace,
    string InterfaceName,
    string InterfaceType,
    string ClientName,
    string DispatcherName,
    string Accessibility,
    string ContentType,
    EquatableArray<RouteSpec> Routes);
