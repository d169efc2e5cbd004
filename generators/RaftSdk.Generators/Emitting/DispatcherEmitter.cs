using System.Collections.Generic;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Model;

namespace RaftSdk.Generators.Emitting;

/// <summary>
/// Writes the server side of a contract: the route table and one handler per route that reads the
/// request, calls the implementation and writes the answer. Method, path and "Raft not set"
/// checks live in the runtime's RaftEndpoint; body checks in RaftServerIO.
/// </summary>
internal static class DispatcherEmitter
{
    public static string HintName(ContractSpec spec) => HintNames.For(ClientEmitter.Qualified(spec), "Dispatcher");

    public static string Emit(ContractSpec spec)
    {
        string service = spec.InterfaceType;
        string routeType = "global::RaftSdk.Server.RaftRoute<" + service + ">";
        var writer = new SourceWriter();
        writer.Line(EmitterHelpers.Header.TrimEnd('\n'));
        writer.Line();
        int opened = EmitterHelpers.OpenContainers(writer, spec.Namespace, new string[0]);
        writer.Line("/// <summary>Serves <see cref=\"" + service + "\"/> to peers: the routes of the contract and their handlers.</summary>");
        writer.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"RaftSdk.Generators\", \"" + GeneratorInfo.Version + "\")]");
        writer.OpenBlock(spec.Accessibility + " static partial class " + spec.DispatcherName);
        writer.Line("/// <summary>The content type of every body: <c>" + spec.ContentType + "</c>.</summary>");
        writer.Line("public const string ContentType = " + EmitterHelpers.Literal(spec.ContentType) + ";");
        writer.Line();
        writer.Line("/// <summary>Every route of the contract, for <c>RaftEndpoint</c>.</summary>");
        writer.Line("public static global::System.Collections.Generic.IReadOnlyList<" + routeType + "> Routes { get; } = new " + routeType + "[]");
        writer.OpenBlock();
        foreach (RouteSpec route in spec.Routes)
        {
            writer.Line("new(" + EmitterHelpers.Literal(route.HttpMethod) + ", " + EmitterHelpers.Literal(route.Path) + ", " + HandlerName(route) + "),");
        }

        writer.CloseBlock(";");

        foreach (RouteSpec route in spec.Routes)
        {
            writer.Line();
            EmitHandler(writer, service, route);
        }

        writer.CloseBlock();
        EmitterHelpers.CloseContainers(writer, opened);
        return writer.ToString();
    }

    private static void EmitHandler(SourceWriter writer, string service, RouteSpec route)
    {
        ResponseSpec response = route.Response;
        writer.OpenBlock("private static async global::System.Threading.Tasks.Task " + HandlerName(route)
            + "(global::Microsoft.AspNetCore.Http.HttpContext context, " + service + " service, global::RaftSdk.Server.RaftServerOptions options)");

        var arguments = new List<string>();
        if (route.RequestType is not null)
        {
            if (!route.RequestIsValueType)
            {
                // The record is read straight from the body (ReadProto): no Google.Protobuf object graph.
                string protoName = route.RequestProtoType!.Substring(route.RequestProtoType!.LastIndexOf('.') + 1);
                writer.Line("var request = await global::RaftSdk.Server.RaftServerIO.ReadRequestAsync(context, static (ref global::RaftSdk.Mapping.ProtoReader reader) => "
                    + route.RequestType + ".ReadProto(ref reader), " + EmitterHelpers.Literal(protoName) + ", options).ConfigureAwait(false);");
                writer.OpenBlock("if (request is null)");
                writer.Line("return; // already answered: 400, 413, 415 or 500");
                writer.CloseBlock();
                writer.Line();
                arguments.Add("request");
            }
            else
            {
                writer.Line("var requestProto = await global::RaftSdk.Server.RaftServerIO.ReadRequestAsync(context, " + route.RequestProtoType + ".Parser, static proto => " + route.RequestType + ".IsProtoComplete(proto), options).ConfigureAwait(false);");
                writer.OpenBlock("if (requestProto is null)");
                writer.Line("return; // already answered: 400, 413, 415 or 500");
                writer.CloseBlock();
                writer.Line();
                arguments.Add(route.RequestType + ".FromProto(requestProto)");
            }
        }

        if (route.PassesCancellationToken)
        {
            if (route.RequestFirst)
            {
                arguments.Add("context.RequestAborted");
            }
            else
            {
                arguments.Insert(0, "context.RequestAborted");
            }
        }

        string call = "service." + route.MethodName + "(" + string.Join(", ", arguments) + ")";
        if (route.ReturnShape != ReturnShape.Value)
        {
            call = "await " + call + ".ConfigureAwait(false)";
        }

        writer.Line(route.ResultType + " result;");
        writer.OpenBlock("try");
        writer.Line("result = " + call + ";");
        writer.CloseBlock();
        writer.OpenBlock("catch (global::System.Exception exception) when (global::RaftSdk.Server.RaftServerIO.IsHandlerFault(context, exception))");
        string errorBody = "null";
        if (response.ErrorMember is not null)
        {
            errorBody = EmitterHelpers.Construct(response.Type, ConstructionOf(response), new Dictionary<string, string> { [response.ErrorMember] = "exception.Message" }) + ".ToProto()";
        }

        writer.Line("await global::RaftSdk.Server.RaftServerIO.WriteErrorAsync(context, " + route.ErrorStatusCode + ", exception, " + errorBody + ", options).ConfigureAwait(false);");
        writer.Line("return;");
        writer.CloseBlock();
        writer.Line();

        string answer = response.ResultMember is null
            ? "result.ToProto()"
            : EmitterHelpers.Construct(response.Type, ConstructionOf(response), new Dictionary<string, string> { [response.ResultMember] = "result" }) + ".ToProto()";
        writer.Line("await global::RaftSdk.Server.RaftServerIO.WriteResponseAsync(context, " + answer + ", options).ConfigureAwait(false);");
        writer.CloseBlock();
    }

    private static ConstructionSpec ConstructionOf(ResponseSpec response) =>
        response.Construction ?? throw new System.InvalidOperationException("RouteParser sets Construction whenever ResultMember or ErrorMember is set: " + response.Type);

    private static string HandlerName(RouteSpec route)
    {
        string name = route.MethodName.EndsWith("Async", System.StringComparison.Ordinal)
            ? route.MethodName.Substring(0, route.MethodName.Length - "Async".Length)
            : route.MethodName;
        return "Handle" + name + "Async";
    }
}
