using System.Collections.Generic;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Model;

namespace RaftSdk.Generators.Emitting;

/// <summary>
/// Writes the typed client of a contract: one static descriptor per route
/// (<c>RaftMethod&lt;TRequest, TResponse&gt;</c>: method, path, the response record's
/// <c>ReadProto</c>, its error member), one method per route taking the peer address, and a
/// typed pipeline (many calls in flight on one connection, answered in order).
/// </summary>
internal static class ClientEmitter
{
    private const string Transport = "global::RaftSdk.Transport.";

    /// <summary>Where the runtime keeps what only generated code names (route descriptors, the codec).</summary>
    private const string Mapping = "global::RaftSdk.Mapping.";
    private const string Task = "global::System.Threading.Tasks.Task";
    private const string Token = "global::System.Threading.CancellationToken";
    private const string NoBody = Mapping + "RaftNoBody";

    public static string HintName(ContractSpec spec) => HintNames.For(Qualified(spec), "Client");

    public static string Emit(ContractSpec spec)
    {
        var writer = new SourceWriter();
        writer.Line(EmitterHelpers.Header.TrimEnd('\n'));
        writer.Line();
        int opened = EmitterHelpers.OpenContainers(writer, spec.Namespace, new string[0]);
        writer.Line("/// <summary>");
        writer.Line("/// Calls the <see cref=\"" + spec.InterfaceType + "\"/> of a peer over HTTP (" + spec.ContentType + ").");
        writer.Line("/// Generated from the contract; share one instance per node, it keeps the connections.");
        writer.Line("/// </summary>");
        writer.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"RaftSdk.Generators\", \"" + GeneratorInfo.Version + "\")]");
        writer.OpenBlock(spec.Accessibility + " sealed partial class " + spec.ClientName);
        foreach (RouteSpec route in spec.Routes)
        {
            EmitDescriptor(writer, route);
        }

        writer.Line();
        writer.Line("private readonly " + Transport + "RaftClientCore _core;");
        writer.Line();
        writer.Line("/// <summary>Creates a client over <paramref name=\"core\"/>, which owns the connections and the TLS settings.</summary>");
        writer.OpenBlock("public " + spec.ClientName + "(" + Transport + "RaftClientCore core)");
        writer.Line("global::System.ArgumentNullException.ThrowIfNull(core);");
        writer.Line("_core = core;");
        writer.CloseBlock();
        writer.Line();
        writer.Line("/// <summary>The content type of every body: <c>" + spec.ContentType + "</c>.</summary>");
        writer.Line("public const string ContentType = " + EmitterHelpers.Literal(spec.ContentType) + ";");

        foreach (RouteSpec route in spec.Routes)
        {
            writer.Line();
            EmitMethod(writer, route, pipelined: false);
        }

        writer.Line();
        EmitPipeline(writer, spec);
        writer.CloseBlock();
        EmitterHelpers.CloseContainers(writer, opened);
        return writer.ToString();
    }

    private static void EmitDescriptor(SourceWriter writer, RouteSpec route)
    {
        ResponseSpec response = route.Response;
        string arguments = EmitterHelpers.Literal(route.HttpMethod) + ", " + EmitterHelpers.Literal(route.Path) + ", " + response.Type + ".ReadProto";
        if (response.ErrorMember is not null)
        {
            arguments += ", static response => response." + response.ErrorMember;
        }

        writer.Line("private static readonly " + MethodType(route) + " " + route.Names.DescriptorField + " = new(" + arguments + ");");
    }

    private static void EmitMethod(SourceWriter writer, RouteSpec route, bool pipelined)
    {
        RouteNames names = route.Names;
        var parameters = new List<string>();
        if (!pipelined)
        {
            parameters.Add("string " + names.AddressParameter);
        }

        if (route.RequestType is not null)
        {
            parameters.Add(route.RequestType + " " + names.RequestParameter);
        }

        if (names.BodyStreamParameter is not null)
        {
            parameters.Add("global::System.IO.Stream " + names.BodyStreamParameter);
        }

        parameters.Add(Token + " " + names.CancellationParameter + " = default");

        writer.Line(pipelined
            ? "/// <summary>Queues <c>" + route.Documentation + "</c> on the pipeline: " + route.HttpMethod + " " + route.Path + "; answered after every call queued before it.</summary>"
            : "/// <summary>Calls <c>" + route.Documentation + "</c> on the peer: " + route.HttpMethod + " " + route.Path + ".</summary>");
        if (!pipelined)
        {
            writer.Line("/// <param name=\"" + names.AddressParameter + "\">The peer as <c>host:port</c>, without a scheme.</param>");
        }

        if (route.RequestType is not null)
        {
            writer.Line("/// <param name=\"" + names.RequestParameterDocName + "\">The request message" + (pipelined ? "; its bytes are taken before this method returns." : names.BodyStreamParameter is null ? "." : ", sent before the body.") + "</param>");
        }

        if (names.BodyStreamParameter is not null)
        {
            writer.Line("/// <param name=\"" + names.BodyStreamParameterDocName + "\">The body, read to its end as fast as the peer takes it (not disposed).</param>");
        }

        writer.Line("/// <param name=\"" + names.CancellationParameter + "\">Cancels the call; the client's timeout applies as well.</param>");
        if (route.StreamsAnswer)
        {
            writer.Line("/// <returns>The header and the body, read straight from the connection: dispose it (the connection is reused only after a body read to its end).</returns>");
        }

        ResponseSpec response = route.Response;
        // A streamed answer is handed over as the runtime reads it: its header is not mapped.
        bool withAddress = response.PeerAddressMember is not null && response.SupportsWith && !route.StreamsAnswer;
        bool mapped = withAddress || response.ResultMember is not null;

        // Without a mapping of the answer the task is handed through: no state machine per call.
        writer.OpenBlock("public " + (mapped ? "async " : "") + Task + "<" + route.ResultType + "> " + route.ClientMethodName + "(" + string.Join(", ", parameters) + ")");
        if (route.RequestType is not null && !route.RequestIsValueType)
        {
            writer.Line("global::System.ArgumentNullException.ThrowIfNull(" + names.RequestParameter + ");");
        }

        if (names.BodyStreamParameter is not null)
        {
            writer.Line("global::System.ArgumentNullException.ThrowIfNull(" + names.BodyStreamParameter + ");");
        }

        // The request record writes its wire form itself and the answer record reads itself: no Google.Protobuf object graph.
        string request = route.RequestType is null ? "default(" + NoBody + ")" : names.RequestParameter!;
        string send = pipelined
            ? "_pipeline.SendAsync(" + names.DescriptorField + ", " + request + ", " + names.CancellationParameter + ")"
            : route.StreamsAnswer
            ? "_core.ReceiveStreamAsync(" + names.AddressParameter + ", " + names.DescriptorField + ", " + request + ", " + names.CancellationParameter + ")"
            : names.BodyStreamParameter is not null
            ? "_core.SendStreamAsync(" + names.AddressParameter + ", " + names.DescriptorField + ", " + request + ", " + names.BodyStreamParameter + ", " + names.CancellationParameter + ")"
            : "_core.SendAsync(" + names.AddressParameter + ", " + names.DescriptorField + ", " + request + ", " + names.CancellationParameter + ")";
        if (!mapped)
        {
            writer.Line("return " + send + ";");
            writer.CloseBlock();
            return;
        }

        string answer = names.ResponseLocal;
        writer.Line("var " + answer + " = await " + send + ".ConfigureAwait(false);");
        if (withAddress)
        {
            writer.Line(answer + " = " + answer + " with { " + response.PeerAddressMember + " = " + (pipelined ? "_pipeline.Address" : names.AddressParameter) + " };");
        }

        writer.Line(response.ResultMember is null ? "return " + answer + ";" : "return " + answer + "." + response.ResultMember + ";");
        writer.CloseBlock();
    }

    private static void EmitPipeline(SourceWriter writer, ContractSpec spec)
    {
        writer.Line("/// <summary>");
        writer.Line("/// Opens a pipeline to <paramref name=\"address\"/>: one HTTP/1.1 connection of its own on which up to");
        writer.Line("/// <paramref name=\"depth\"/> calls are in flight, answered in the order they were queued (see <see cref=\"" + Transport + "RaftPipeline\"/>).");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"address\">The peer as <c>host:port</c>, without a scheme.</param>");
        writer.Line("/// <param name=\"depth\">The most calls on the wire unanswered; a call beyond waits, in order, for a slot.</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the connect.</param>");
        writer.OpenBlock("public async " + Task + "<Pipeline> OpenPipelineAsync(string address, int depth, " + Token + " cancellationToken = default)");
        writer.Line("return new Pipeline(await _core.OpenPipelineAsync(address, depth, cancellationToken).ConfigureAwait(false));");
        writer.CloseBlock();
        writer.Line();
        writer.Line("/// <summary>The calls of <see cref=\"" + spec.InterfaceType + "\"/> pipelined on one connection to one peer; dispose it to close the connection.</summary>");
        writer.OpenBlock("public sealed class Pipeline : global::System.IAsyncDisposable");
        writer.Line("private readonly " + Transport + "RaftPipeline _pipeline;");
        writer.Line();
        writer.OpenBlock("internal Pipeline(" + Transport + "RaftPipeline pipeline)");
        writer.Line("_pipeline = pipeline;");
        writer.CloseBlock();
        writer.Line();
        writer.Line("/// <summary>The untyped pipeline underneath (address, depth, state).</summary>");
        writer.Line("public " + Transport + "RaftPipeline Connection => _pipeline;");
        writer.Line();
        writer.Line("/// <summary>Closes the connection; calls still outstanding fail.</summary>");
        writer.Line("public global::System.Threading.Tasks.ValueTask DisposeAsync() => _pipeline.DisposeAsync();");
        foreach (RouteSpec route in spec.Routes)
        {
            // A streamed body, either way, would hold the connection for every call queued behind it: not pipelined.
            if (route.BodyStreamParameterName is null && !route.StreamsAnswer)
            {
                writer.Line();
                EmitMethod(writer, route, pipelined: true);
            }
        }

        writer.CloseBlock();
    }

    private static string MethodType(RouteSpec route) =>
        Mapping + "RaftMethod<" + (route.RequestType ?? NoBody) + ", " + route.Response.Type + ">";

    internal static string Qualified(ContractSpec spec) => spec.Namespace.Length == 0 ? spec.InterfaceName : spec.Namespace + "." + spec.InterfaceName;
}
