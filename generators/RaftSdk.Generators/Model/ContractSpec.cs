using RaftSdk.Generators.Common;

namespace RaftSdk.Generators.Model;

internal enum ReturnShape
{
    /// <summary>Returns the value directly.</summary>
    Value,

    Task,

    ValueTask,
}

/// <summary>The letters of <see cref="RouteSpec.ParameterOrder"/>.</summary>
internal static class ParameterOrder
{
    public const char Request = 'r';

    public const char Stream = 's';

    public const char Token = 't';
}

/// <summary>
/// The message a route answers with, and how a bare result or an error is put into it.
/// <see cref="Construction"/> is there exactly when <see cref="ResultMember"/> or
/// <see cref="ErrorMember"/> is: only then does generated code build the response itself.
/// </summary>
internal sealed record ResponseSpec
{
    /// <summary>The response record, fully qualified.</summary>
    public string Type { get; init; } = string.Empty;

    /// <summary>Its protobuf class, fully qualified.</summary>
    public string ProtoType { get; init; } = string.Empty;

    public ConstructionSpec? Construction { get; init; }

    /// <summary>The member a bare result goes into (RaftRoute's ResultMember) as a C# identifier, or null when the method returns the record.</summary>
    public string? ResultMember { get; init; }

    /// <summary>The string member an exception's message goes into (ErrorMember) as a C# identifier, or null.</summary>
    public string? ErrorMember { get; init; }

    /// <summary>The [PeerAddress] member the client sets to the address it called, as a C# identifier, or null.</summary>
    public string? PeerAddressMember { get; init; }

    /// <summary>The response is a record, so the client can set the peer address with <c>with</c>.</summary>
    public bool SupportsWith { get; init; }
}

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

    /// <summary>The body stream parameter as an identifier; null when the route does not stream.</summary>
    public string? BodyStreamParameter { get; init; }

    /// <summary>The body stream parameter's name as documentation refers to it (no <c>@</c>).</summary>
    public string? BodyStreamParameterDocName { get; init; }

    public string AddressParameter { get; init; } = "address";

    public string CancellationParameter { get; init; } = "cancellationToken";

    public string ResponseLocal { get; init; } = "response";

    /// <summary>The client's static route descriptor (RaftMethod).</summary>
    public string DescriptorField { get; init; } = string.Empty;
}

/// <summary>One contract method bound to a route.</summary>
internal sealed record RouteSpec
{
    /// <summary>The contract method as the dispatcher calls it, a C# identifier (<c>@lock</c>).</summary>
    public string MethodName { get; init; } = string.Empty;

    /// <summary>The client's method: the contract method's name with "Async", unique among the client's methods.</summary>
    public string ClientMethodName { get; init; } = string.Empty;

    /// <summary>GET or POST.</summary>
    public string HttpMethod { get; init; } = string.Empty;

    public string Path { get; init; } = string.Empty;

    /// <summary>The status an exception of the implementation is answered with.</summary>
    public int ErrorStatusCode { get; init; }

    /// <summary>The request record, fully qualified; null for a method without a message.</summary>
    public string? RequestType { get; init; }

    public string? RequestProtoType { get; init; }

    /// <summary>The request parameter as an identifier (<c>@event</c> for a keyword).</summary>
    public string? RequestParameterName { get; init; }

    public bool RequestIsValueType { get; init; }

    /// <summary>The body stream parameter as an identifier, or null when the route does not stream its body (a header message and a Stream: RaftRoute.StreamedRequest).</summary>
    public string? BodyStreamParameterName { get; init; }

    /// <summary>The method returns RaftStreamedAnswer&lt;THeader&gt; (<see cref="ResultType"/>): <see cref="Response"/> is the header (RaftRoute.StreamedAnswer, RaftClientCore.ReceiveStreamAsync).</summary>
    public bool StreamsAnswer { get; init; }

    /// <summary>The contract method's parameters in declaration order, one <see cref="Model.ParameterOrder"/> letter each.</summary>
    public string ParameterOrder { get; init; } = string.Empty;

    public ReturnShape ReturnShape { get; init; }

    /// <summary>What the contract method returns (inside its Task), fully qualified.</summary>
    public string ResultType { get; init; } = string.Empty;

    public ResponseSpec Response { get; init; } = new();

    /// <summary>The method as documentation names it.</summary>
    public string Documentation { get; init; } = string.Empty;

    /// <summary>Generated identifiers (see <see cref="RouteNames"/>).</summary>
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
