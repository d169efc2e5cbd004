using System.Threading;
using Microsoft.CodeAnalysis;
using RaftSdk.Generators.Common;

namespace RaftSdk.Generators.Parsing;

/// <summary>Checks [RaftContract]'s content type: sent on every request and checked on every answer, so it must be a media type.</summary>
internal static class ContentTypes
{
    /// <summary>type "/" subtype, both RFC 9110 tokens, optionally followed by ";" parameters.</summary>
    public static bool IsMediaType(string value)
    {
        int semicolon = value.IndexOf(';');
        string essence = semicolon < 0 ? value : value.Substring(0, semicolon);
        int slash = essence.IndexOf('/');
        return slash > 0 && slash < essence.Length - 1
            && IsToken(essence, 0, slash) && IsToken(essence, slash + 1, essence.Length);
    }

    private static bool IsToken(string text, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            char c = text[i];
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0;
            if (!ok)
            {
                return false;
            }
        }

        return end > start;
    }

    /// <summary>The content type argument as written, so the diagnostic underlines it.</summary>
    public static LocationInfo? ArgumentLocation(AttributeData attribute, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is Microsoft.CodeAnalysis.CSharp.Syntax.AttributeSyntax { ArgumentList.Arguments.Count: > 0 } syntax)
        {
            return LocationInfo.From(syntax.ArgumentList.Arguments[0].GetLocation());
        }

        return null;
    }
}
