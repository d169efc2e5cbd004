using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Diagnostics;
using RaftSdk.Generators.Model;

namespace RaftSdk.Generators.Parsing;

/// <summary>Reads one contract method and its [RaftRoute] into a <see cref="RouteSpec"/>.</summary>
internal static class RouteParser
{
    public static RouteSpec? Parse(IMethodSymbol method, List<DiagnosticInfo> diagnostics)
    {
        int before = diagnostics.Count;
        AttributeData? route = method.FindAttribute(KnownTypeNames.RaftRouteAttribute);
        if (route is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingRoute, method, method.Name));
            return null;
        }

        if (method.IsGenericMethod)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericMethod, method, method.Name));
            return null;
        }

        string path = route.ConstructorArguments.Length == 1 && route.ConstructorArguments[0].Value is string p ? p : string.Empty;
        string httpMethod = (route.NamedArgument<string>("Method") ?? "POST").ToUpperInvariant();
        int errorStatus = route.NamedArguments.Any(a => a.Key == "ErrorStatusCode") ? route.NamedArgument<int>("ErrorStatusCode") : 500;
        if (!path.StartsWith("/", StringComparison.Ordinal) || path.IndexOfAny(new[] { '?', '#', ' ' }) >= 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidRoute, method, method.Name, $"path '{path}' must be absolute (start with '/') and hold no query, fragment or space"));
        }

        if (httpMethod is not ("GET" or "POST"))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidRoute, method, method.Name, $"method '{httpMethod}' is not supported; use GET or POST"));
        }

        if (errorStatus is < 200 or > 599)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidRoute, method, method.Name, $"ErrorStatusCode {errorStatus} is not an HTTP status between 200 and 599"));
        }

        // Parameters: at most one message, one body stream and one CancellationToken, by value.
        ITypeSymbol? requestType = null;
        string? requestName = null;
        string? streamName = null;
        var order = new System.Text.StringBuilder(3);
        bool tokenSeen = false;
        for (int i = 0; i < method.Parameters.Length; i++)
        {
            IParameterSymbol parameter = method.Parameters[i];
            if (parameter.RefKind != RefKind.None)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RefParameter, parameter, parameter.Name, method.Name));
            }
            else if (parameter.Type.IsNamed("System.Threading.CancellationToken") && !tokenSeen)
            {
                tokenSeen = true;
                order.Append(ParameterOrder.Token);
            }
            else if (parameter.Type.HasAttribute(KnownTypeNames.ProtoMessageAttribute) && requestType is null)
            {
                requestType = parameter.Type;
                requestName = parameter.Name;
                order.Append(ParameterOrder.Request);
            }
            else if (parameter.Type.IsNamed(KnownTypeNames.Stream))
            {
                if (streamName is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedStreamedBody, parameter, method.Name, $"parameter '{parameter.Name}' is a second Stream; a route streams one body"));
                }
                else if (httpMethod == "GET")
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedStreamedBody, parameter, method.Name, $"parameter '{parameter.Name}' streams a body, but a GET route sends none; use POST"));
                }

                streamName ??= parameter.Name;
                order.Append(ParameterOrder.Stream);
            }
            else if (parameter.Type.IsNamed(KnownTypeNames.PipeReader))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedStreamedBody, parameter, method.Name, $"parameter '{parameter.Name}' is a PipeReader; take the body as a System.IO.Stream (PipeReader.Create wraps one)"));
            }
            else
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameter, parameter, parameter.Name, method.Name, parameter.Type.ToDisplayString()));
            }
        }

        if (httpMethod == "GET" && requestType is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GetWithBody, method, method.Name, requestName!));
        }

        if (streamName is not null && requestType is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedStreamedBody, method, method.Name, $"the Stream '{streamName}' needs a [ProtoMessage] header parameter, which is sent before the body"));
        }

        (ReturnShape shape, ITypeSymbol? result) = UnwrapReturn(method.ReturnType);
        if (result is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedReturnType, method, method.Name, method.ReturnType.ToDisplayString()));
            return null;
        }

        if (result.IsNamed(KnownTypeNames.Stream) || result.IsNamed(KnownTypeNames.PipeReader))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StreamedAnswer, method, method.Name, method.ReturnType.ToDisplayString()));
            return null;
        }

        // RaftStreamedAnswer<THeader>: the header message is the answer the route's mapping is about.
        ITypeSymbol answer = result;
        bool streamsAnswer = result.IsNamed(KnownTypeNames.StreamedAnswer) && result is INamedTypeSymbol { TypeArguments.Length: 1 };
        if (streamsAnswer)
        {
            answer = ((INamedTypeSymbol)result).TypeArguments[0];
            if (!StreamedAnswerShapeIsServed(method, route, answer, streamName, diagnostics))
            {
                return null;
            }
        }

        ResponseSpec? response = ParseResponse(method, route, answer, errorStatus, diagnostics);
        if (response is null || diagnostics.Count > before)
        {
            return null;
        }

        // The client method's name is made unique among the routes by ContractNames.
        string clientName = method.Name.EndsWith("Async", StringComparison.Ordinal) ? method.Name : method.Name + "Async";
        return new RouteSpec
        {
            MethodName = CSharpIdentifier.Escape(method.Name),
            ClientMethodName = clientName,
            HttpMethod = httpMethod,
            Path = path,
            ErrorStatusCode = errorStatus,
            RequestType = requestType?.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToFullyQualified(),
            RequestProtoType = requestType is null ? null : ProtoTypeOf(requestType),
            RequestParameterName = requestName is null ? null : CSharpIdentifier.Escape(requestName),
            RequestIsValueType = requestType?.IsValueType ?? false,
            BodyStreamParameterName = streamName is null ? null : CSharpIdentifier.Escape(streamName),
            StreamsAnswer = streamsAnswer,
            ParameterOrder = order.ToString(),
            ReturnShape = shape,
            ResultType = result.ToFullyQualified(),
            Response = response,
            Documentation = method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat),
        };
    }

    /// <summary>RAFT017 for what a streamed answer cannot be: a stream both ways, a mapped result, a header that is not a message.</summary>
    private static bool StreamedAnswerShapeIsServed(IMethodSymbol method, AttributeData route, ITypeSymbol header, string? streamName, List<DiagnosticInfo> diagnostics)
    {
        string? problem = streamName is not null
            ? $"it also streams its request body '{streamName}'; a route streams one way (send the header's request first, or split the route in two)"
            : route.NamedArguments.Any(a => a.Key is "Response" or "ResultMember")
            ? "Response and ResultMember do not apply; the header message is the answer"
            : !header.HasAttribute(KnownTypeNames.ProtoMessageAttribute)
            ? $"the header '{header.ToDisplayString()}' is not a [ProtoMessage] message"
            : null;
        if (problem is null)
        {
            return true;
        }

        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedStreamedAnswer, method, method.Name, problem));
        return false;
    }

    private static ResponseSpec? ParseResponse(IMethodSymbol method, AttributeData route, ITypeSymbol result, int errorStatus, List<DiagnosticInfo> diagnostics)
    {
        ITypeSymbol? declaredResponse = route.NamedArgument<ITypeSymbol>("Response");
        // nameof(Answer.@return) gives "return"; a literal "@return" means the same member.
        string? resultMember = route.NamedArgument<string>("ResultMember") is { } r ? CSharpIdentifier.Unescape(r) : null;
        string? errorMember = route.NamedArgument<string>("ErrorMember") is { } e ? CSharpIdentifier.Unescape(e) : null;
        ITypeSymbol responseType = declaredResponse ?? result;

        if (responseType is not INamedTypeSymbol response || !response.HasAttribute(KnownTypeNames.ProtoMessageAttribute))
        {
            if (declaredResponse is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedReturnType, method, method.Name, method.ReturnType.ToDisplayString()));
            }
            else
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidResponseMapping, method, method.Name,
                    $"Response type '{responseType.ToDisplayString()}' is not a [ProtoMessage] message"));
            }

            return null;
        }

        List<IPropertySymbol> properties = ConstructionAnalyzer.PublicProperties(response);
        // Generated code builds the response itself only for ResultMember/ErrorMember; analysing
        // its constructors for every other route is work redone on every compilation change.
        ConstructionSpec? construction = null;
        ConstructionSpec Construction() => construction ??= ConstructionAnalyzer.Analyze(response, properties);

        if (declaredResponse is not null)
        {
            IPropertySymbol? member = properties.FirstOrDefault(p => p.Name == resultMember);
            if (resultMember is null || member is null || !Construction().CanSet(CSharpIdentifier.Escape(member.Name)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidResponseMapping, method, method.Name,
                    $"ResultMember must name a settable property of '{response.Name}' that carries the returned value"));
                return null;
            }

            if (!SymbolEqualityComparer.Default.Equals(member.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), result.WithNullableAnnotation(NullableAnnotation.NotAnnotated)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidResponseMapping, method, method.Name,
                    $"ResultMember '{member.Name}' has type '{member.Type.ToDisplayString()}' but the method returns '{result.ToDisplayString()}'"));
                return null;
            }
        }
        else if (resultMember is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidResponseMapping, method, method.Name,
                "ResultMember is set without Response; set Response to the message that carries the value"));
            return null;
        }

        if (errorMember is not null)
        {
            IPropertySymbol? member = properties.FirstOrDefault(p => p.Name == errorMember);
            if (member is null || member.Type.SpecialType != SpecialType.System_String || !Construction().CanSet(CSharpIdentifier.Escape(member.Name)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidResponseMapping, method, method.Name,
                    $"ErrorMember must name a settable string property of '{response.Name}'"));
                return null;
            }
        }
        else if (errorStatus == 200)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ErrorStatusWithoutBody, method, method.Name));
            return null;
        }

        string? peerAddress = null;
        foreach (IPropertySymbol property in properties)
        {
            if (property.HasAttribute(KnownTypeNames.PeerAddressAttribute))
            {
                peerAddress = CSharpIdentifier.Escape(property.Name);
                break;
            }
        }

        return new ResponseSpec
        {
            Type = response.ToFullyQualified(),
            ProtoType = ProtoTypeOf(response),
            Construction = construction,
            ResultMember = resultMember is null ? null : CSharpIdentifier.Escape(resultMember),
            ErrorMember = errorMember is null ? null : CSharpIdentifier.Escape(errorMember),
            PeerAddressMember = peerAddress,
            SupportsWith = response.IsRecord,
        };
    }

    private static (ReturnShape Shape, ITypeSymbol? Result) UnwrapReturn(ITypeSymbol returnType)
    {
        if (returnType.SpecialType == SpecialType.System_Void)
        {
            return (ReturnShape.Value, null);
        }

        if (returnType is INamedTypeSymbol named)
        {
            if (named.IsNamed("System.Threading.Tasks.Task`1"))
            {
                return (ReturnShape.Task, named.TypeArguments[0]);
            }

            if (named.IsNamed("System.Threading.Tasks.ValueTask`1"))
            {
                return (ReturnShape.ValueTask, named.TypeArguments[0]);
            }

            if (named.IsNamed("System.Threading.Tasks.Task") || named.IsNamed("System.Threading.Tasks.ValueTask"))
            {
                return (ReturnShape.Value, null);
            }
        }

        return (ReturnShape.Value, returnType);
    }

    private static string ProtoTypeOf(ITypeSymbol message)
    {
        AttributeData attribute = message.FindAttribute(KnownTypeNames.ProtoMessageAttribute)!;
        return attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is ITypeSymbol proto
            ? proto.ToFullyQualified()
            : "object";
    }
}
