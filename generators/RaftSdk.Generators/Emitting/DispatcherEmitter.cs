using System.Collections.Generic;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Model;

namespace RaftSdk.Generators.Emitting;

/// <summary>
/// Writes the server side of a contract: a table of route descriptors (method, path, the request
/// record's reader, the invoker, the error status and error body). Reading, calling, answering
/// and every failure status live in the runtime's call handlers (RaftRoute.Unary, StreamedRequest, StreamedAnswer);
/// method, path and "Raft not set" checks in RaftEndpoint.
/// </summary>
internal static class DispatcherEmitter
{
    private const string ValueTask = "global::System.Threading.Tasks.ValueTask";

    public static string HintName(ContractSpec spec) => HintNames.For(ClientEmitter.Qualified(spec), "Dispatcher");

    public static string Emit(ContractSpec spec)
    {
        string service = spec.InterfaceType;
        string routeType = "global::RaftSdk.Server.RaftRoute<" + service + ">";
        var writer = new SourceWriter();
        writer.Line(EmitterHelpers.Header.TrimEnd('\n'));
        writer.Line();
        int opened = EmitterHelpers.OpenContainers(writer, spec.Namespace, new string[0]);
        writer.Line("/// <summary>Serves <see cref=\"" + service + "\"/> to peers: the routes of the contract.</summary>");
        writer.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"RaftSdk.Generators\", \"" + GeneratorInfo.Version + "\")]");
        writer.OpenBlock(spec.Accessibility + " static partial class " + spec.DispatcherName);
        writer.Line("/// <summary>The content type of every body: <c>" + spec.ContentType + "</c>.</summary>");
        writer.Line("public const string ContentType = " + EmitterHelpers.Literal(spec.ContentType) + ";");
        writer.Line();
        writer.Line("/// <summary>Every route of the contract, for <c>RaftEndpoint</c>: what each reads, calls and answers on an exception.</summary>");
        writer.Line("public static global::System.Collections.Generic.IReadOnlyList<" + routeType + "> Routes { get; } = new " + routeType + "[]");
        writer.OpenBlock();
        foreach (RouteSpec route in spec.Routes)
        {
            EmitRoute(writer, routeType, route);
        }

        writer.CloseBlock(";");
        writer.CloseBlock();
        EmitterHelpers.CloseContainers(writer, opened);
        return writer.ToString();
    }

    private static void EmitRoute(SourceWriter writer, string routeType, RouteSpec route)
    {
        ResponseSpec response = route.Response;
        bool hasRequest = route.RequestType is not null;
        string typeArguments = hasRequest ? "<" + route.RequestType + ", " + response.Type + ">" : "<" + response.Type + ">";
        string factory = route.StreamsAnswer ? ".StreamedAnswer" : route.BodyStreamParameterName is null ? ".Unary" : ".StreamedRequest";
        writer.Line(routeType + factory + typeArguments + "(");
        writer.Indent();
        writer.Line(EmitterHelpers.Literal(route.HttpMethod) + ",");
        writer.Line(EmitterHelpers.Literal(route.Path) + ",");
        if (hasRequest)
        {
            string protoName = route.RequestProtoType!.Substring(route.RequestProtoType!.LastIndexOf('.') + 1);
            writer.Line("static (ref global::RaftSdk.Mapping.ProtoReader reader) => " + route.RequestType + ".ReadProto(ref reader),");
            writer.Line(EmitterHelpers.Literal(protoName) + ",");
        }

        writer.Line(Invoker(route) + ",");
        if (response.ErrorMember is null)
        {
            writer.Line(route.ErrorStatusCode + (route.StreamsAnswer ? "," : "),"));
            if (route.StreamsAnswer)
            {
                // StreamedAnswer's error body is not optional (one overload per shape).
                writer.Line("null),");
            }
        }
        else
        {
            writer.Line(route.ErrorStatusCode + ",");
            writer.Line("static exception => " + EmitterHelpers.Construct(response.Type, ConstructionOf(response), new Dictionary<string, string> { [response.ErrorMember] = "exception.Message" }) + "),");
        }

        writer.Unindent();
    }

    /// <summary>The invoker lambda: calls the contract method and hands back the answer record as a ValueTask.</summary>
    private static string Invoker(RouteSpec route)
    {
        ResponseSpec response = route.Response;
        var arguments = new List<string>();
        foreach (char parameter in route.ParameterOrder)
        {
            arguments.Add(parameter switch
            {
                ParameterOrder.Request => "request",
                ParameterOrder.Stream => "body",
                _ => "cancellationToken",
            });
        }

        string parameters = route.BodyStreamParameterName is not null ? "(service, request, body, cancellationToken)"
            : route.RequestType is not null ? "(service, request, cancellationToken)"
            : "(service, cancellationToken)";
        string call = "service." + route.MethodName + "(" + string.Join(", ", arguments) + ")";
        string answerType = ValueTask + "<" + (route.StreamsAnswer ? route.ResultType : response.Type) + ">";
        if (response.ResultMember is null)
        {
            return route.ReturnShape switch
            {
                ReturnShape.ValueTask => "static " + parameters + " => " + call,
                ReturnShape.Task => "static " + parameters + " => new " + answerType + "(" + call + ")",
                _ => "static " + parameters + " => new " + answerType + "(" + call + ")",
            };
        }

        if (route.ReturnShape == ReturnShape.Value)
        {
            return "static " + parameters + " => new " + answerType + "(" + Wrap(response, call) + ")";
        }

        return "static async " + parameters + " => " + Wrap(response, "await " + call + ".ConfigureAwait(false)");
    }

    private static string Wrap(ResponseSpec response, string value) =>
        EmitterHelpers.Construct(response.Type, ConstructionOf(response), new Dictionary<string, string> { [response.ResultMember!] = value });

    private static ConstructionSpec ConstructionOf(ResponseSpec response) =>
        response.Construction ?? throw new System.InvalidOperationException("RouteParser sets Construction whenever ResultMember or ErrorMember is set: " + response.Type);
}
