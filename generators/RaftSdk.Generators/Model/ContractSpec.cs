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

/// <summary>
/// The identifiers generated code uses for one route, chosen by the parser so that none collides
/// with the user's names (a request parameter called <c>address</c>, <c>response</c> or
/// <c>@event</c>) or with another route's (methods <c>Ping</c> and <c>PingAsync</c>).
/// </summary>
internal sealed record RouteNames
{
    /// <summary>The request parameter as an identifier (<c>@event</c> for a keyword); null without a request.</summary>
    public string? RequestParameter { get; init; }

    /// <summary>The request parameter's name as documentation refers to it (no <c>@</c>).</summary>
    public string? RequestParameterDocName { get; init; }

    public string AddressParameter { get; init; } = "address";

    public string CancellationParameter { get; init; } = "cancellationToken";

    public string ResponseLocal { get; init; } = "response";

    /// <summary>The client's static route descriptor (RaftMethod).</summary>
    public string DescriptorField { get; init; } = string.Empty;
}

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
    string Documentation)
{
    /// <summary>Generated identifiers (see <see cref="RouteNames"/>); <see cref="ClientMethodName"/> is unique among the client's methods too.</summary>
    public RouteNames Names { get; init; } = new();
}

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
