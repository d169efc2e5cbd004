using System.Collections.Generic;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Model;

namespace RaftSdk.Generators.Parsing;

/// <summary>
/// Chooses the identifiers of a contract's generated client and dispatcher, once, in the parser:
/// the user's names are reserved first (the request parameter inside a client method; the other
/// routes' methods across the class), so the generated ones take a numeric suffix instead of
/// colliding (CS0100, CS0128, CS0136, CS0111).
/// </summary>
internal static class ContractNames
{
    /// <summary>
    /// Members the generated client and its nested Pipeline class declare besides the route methods
    /// (which appear in both) and descriptors: a contract method named like one (<c>OpenPipeline</c>,
    /// <c>Dispose</c>) gets a suffixed client method instead.
    /// </summary>
    private static readonly string[] ClientMembers = { "ContentType", "_core", "OpenPipelineAsync", "Pipeline", "_pipeline", "Connection", "DisposeAsync" };

    /// <summary>The fields a client method reads without <c>this.</c>.</summary>
    private static readonly string[] ClientFields = { "_core", "_pipeline" };

    /// <summary>Rewrites each route's client method name and sets its <see cref="RouteSpec.Names"/>.</summary>
    public static void Assign(List<RouteSpec> routes)
    {
        var clientMembers = new UniqueNameBuilder();
        clientMembers.Reserve(ClientMembers);

        // Methods already named ...Async keep their name unless the client itself declares it;
        // then "Ping" becomes "PingAsync" unless a method PingAsync took it.
        var clientMethods = new string[routes.Count];
        for (int i = 0; i < routes.Count; i++)
        {
            // A keyword (@lock) never ends with Async, so the escaped MethodName compares as the plain one would.
            if (routes[i].MethodName == routes[i].ClientMethodName)
            {
                clientMethods[i] = clientMembers.New(routes[i].ClientMethodName);
            }
        }

        for (int i = 0; i < routes.Count; i++)
        {
            clientMethods[i] ??= clientMembers.New(routes[i].ClientMethodName);
        }

        for (int i = 0; i < routes.Count; i++)
        {
            RouteSpec route = routes[i];
            string stem = route.ClientMethodName.Substring(0, route.ClientMethodName.Length - "Async".Length);
            stem = stem.Length == 0 ? "call" : char.ToLowerInvariant(stem[0]) + stem.Substring(1);

            // Inside one client method: the fields it reads unqualified, the user's request parameter
            // (renamed only if it would hide one of those fields), then what the generator adds.
            var locals = new UniqueNameBuilder();
            locals.Reserve(ClientFields);
            string? raw = route.RequestParameterName is null ? null : locals.New(CSharpIdentifier.Unescape(route.RequestParameterName));
            string? stream = route.BodyStreamParameterName is null ? null : locals.New(CSharpIdentifier.Unescape(route.BodyStreamParameterName));

            routes[i] = route with
            {
                ClientMethodName = clientMethods[i],
                Names = new RouteNames
                {
                    RequestParameter = raw is null ? null : CSharpIdentifier.Escape(raw),
                    RequestParameterDocName = raw,
                    BodyStreamParameter = stream is null ? null : CSharpIdentifier.Escape(stream),
                    BodyStreamParameterDocName = stream,
                    AddressParameter = locals.New("address"),
                    CancellationParameter = locals.New("cancellationToken"),
                    ResponseLocal = locals.New("response"),
                    DescriptorField = clientMembers.New("s_" + stem + "Method"),
                },
            };
        }
    }
}
