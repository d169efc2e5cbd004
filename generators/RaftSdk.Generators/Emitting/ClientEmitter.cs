using System.Collections.Generic;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Model;

namespace RaftSdk.Generators.Emitting;

/// <summary>Writes the typed client of a contract: one method per route, each taking the peer address.</summary>
internal static class ClientEmitter
{
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
            writer.Line("private static readonly global::RaftSdk.Transport.RaftClientRoute " + RouteField(route) + " = new("
                + EmitterHelpers.Literal(route.HttpMethod) + ", " + EmitterHelpers.Literal(route.Path) + ");");
        }

        writer.Line();
        writer.Line("private readonly global::RaftSdk.Transport.RaftClientCore _core;");
        writer.Line();
        writer.Line("/// <summary>Creates a client over <paramref name=\"core\"/>, which owns the connections and the TLS settings.</summary>");
        writer.OpenBlock("public " + spec.ClientName + "(global::RaftSdk.Transport.RaftClientCore core)");
        writer.Line("global::System.ArgumentNullException.ThrowIfNull(core);");
        writer.Line("_core = core;");
        writer.CloseBlock();
        writer.Line();
        writer.Line("/// <summary>The content type of every body: <c>" + spec.ContentType + "</c>.</summary>");
        writer.Line("public const string ContentType = " + EmitterHelpers.Literal(spec.ContentType) + ";");

        foreach (RouteSpec route in spec.Routes)
        {
            writer.Line();
            EmitMethod(writer, spec, route);
        }

        writer.CloseBlock();
        EmitterHelpers.CloseContainers(writer, opened);
        return writer.ToString();
    }

    private static void EmitMethod(SourceWriter writer, ContractSpec spec, RouteSpec route)
    {
        ResponseSpec response = route.Response;
        var parameters = new List<string> { "string address" };
        if (route.RequestType is not null)
        {
            parameters.Add(route.RequestType + " " + route.RequestParameterName);
        }

        parameters.Add("global::System.Threading.CancellationToken cancellationToken = default");

        writer.Line("/// <summary>Calls <c>" + route.Documentation + "</c> on the peer: " + route.HttpMethod + " " + route.Path + ".</summary>");
        writer.Line("/// <param name=\"address\">The peer as <c>host:port</c>, without a scheme.</param>");
        if (route.RequestType is not null)
        {
            writer.Line("/// <param name=\"" + route.RequestParameterName + "\">The request message.</param>");
        }

        writer.Line("/// <param name=\"cancellationToken\">Cancels the call; the client's timeout applies as well.</param>");
        writer.OpenBlock("public async global::System.Threading.Tasks.Task<" + route.ResultType + "> " + route.ClientMethodName + "(" + string.Join(", ", parameters) + ")");
        if (route.RequestType is not null && !route.RequestIsValueType)
        {
            writer.Line("global::System.ArgumentNullException.ThrowIfNull(" + route.RequestParameterName + ");");
        }

        // The record writes its wire form itself (IProtoWritable): no ToProto() object graph per call.
        string requestProto = route.RequestType is null ? "(global::Google.Protobuf.IMessage?)null" : route.RequestParameterName!;
        string remoteError = response.ErrorMember is null
            ? "null"
            : "static proto => " + response.Type + ".FromProto(proto)." + response.ErrorMember;
        writer.Line("var responseProto = await _core.SendAsync(address, " + RouteField(route) + ", " + requestProto + ", "
            + response.ProtoType + ".Parser, static proto => " + response.Type + ".IsProtoComplete(proto), " + remoteError + ", cancellationToken).ConfigureAwait(false);");
        writer.Line("var response = " + response.Type + ".FromProto(responseProto);");
        if (response.PeerAddressMember is not null && response.SupportsWith)
        {
            writer.Line("response = response with { " + response.PeerAddressMember + " = address };");
        }

        writer.Line(response.ResultMember is null ? "return response;" : "return response." + response.ResultMember + ";");
        writer.CloseBlock();
    }

    private static string RouteField(RouteSpec route)
    {
        string name = route.ClientMethodName.Substring(0, route.ClientMethodName.Length - "Async".Length);
        return "s_" + char.ToLowerInvariant(name[0]) + name.Substring(1) + "Route";
    }

    internal static string Qualified(ContractSpec spec) => spec.Namespace.Length == 0 ? spec.InterfaceName : spec.Namespace + "." + spec.InterfaceName;
}
