using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace RaftSdk.Generators.Parsing;

/// <summary>
/// Checks that a C# enum and the protoc enum it is cast to agree by name and number, both ways: a
/// cast by number alone sends <c>Red</c> as <c>GREEN</c> when the two lists differ. A member
/// matches when it has the same number and its name equals, ignoring case and underscores, the
/// protoc C# name, the .proto name (protoc's [OriginalName]) or the .proto name without the prefix
/// all members share (<c>CODEC_NONE</c> and <c>CODEC_ZSTD</c> match <c>None</c> and <c>Zstd</c>).
/// </summary>
internal static class EnumMatcher
{
    private const string OriginalNameAttribute = "Google.Protobuf.Reflection.OriginalNameAttribute";

    /// <summary>Null when the enums agree, else the first disagreement, for RAFT033.</summary>
    public static string? Mismatch(INamedTypeSymbol domain, INamedTypeSymbol wire)
    {
        List<(string Name, string? Original, long Value)> wireMembers = Members(wire, withOriginalNames: true);
        string prefix = SharedPrefix(wireMembers);
        List<(string Name, string? Original, long Value)> domainMembers = Members(domain, withOriginalNames: false);

        foreach ((string name, _, long value) in domainMembers)
        {
            (string Name, string? Original, long Value)? byName = Find(wireMembers, name, prefix);
            if (byName is null)
            {
                return string.Format(CultureInfo.InvariantCulture, "{0} = {1} has no member of that name in {2}", name, value, wire.Name);
            }

            if (byName.Value.Value != value)
            {
                return string.Format(CultureInfo.InvariantCulture, "{0} = {1} is {2} = {3} in the .proto", name, value, byName.Value.Original ?? byName.Value.Name, byName.Value.Value);
            }
        }

        foreach ((string name, string? original, long value) in wireMembers)
        {
            bool covered = false;
            foreach ((string domainName, _, long domainValue) in domainMembers)
            {
                if (domainValue == value && Matches(domainName, name, original, prefix))
                {
                    covered = true;
                    break;
                }
            }

            if (!covered)
            {
                return string.Format(CultureInfo.InvariantCulture, "{0} = {1} of the .proto has no member in {2}", original ?? name, value, domain.Name);
            }
        }

        return null;
    }

    private static (string Name, string? Original, long Value)? Find(List<(string Name, string? Original, long Value)> members, string name, string prefix)
    {
        foreach ((string Name, string? Original, long Value) member in members)
        {
            if (Matches(name, member.Name, member.Original, prefix))
            {
                return member;
            }
        }

        return null;
    }

    private static bool Matches(string domainName, string wireName, string? original, string prefix)
    {
        string domain = Normalize(domainName);
        return domain == Normalize(wireName)
            || (original is not null && (domain == Normalize(original)
                || (prefix.Length != 0 && original.StartsWith(prefix, StringComparison.Ordinal) && domain == Normalize(original.Substring(prefix.Length)))));
    }

    private static string Normalize(string name) => name.Replace("_", string.Empty).ToUpperInvariant();

    /// <summary>The longest prefix ending in '_' that every .proto name starts with ("" if none).</summary>
    private static string SharedPrefix(List<(string Name, string? Original, long Value)> members)
    {
        string? prefix = null;
        foreach ((_, string? original, _) in members)
        {
            if (original is null)
            {
                return string.Empty;
            }

            if (prefix is null)
            {
                int last = original.LastIndexOf('_');
                prefix = last < 0 ? string.Empty : original.Substring(0, last + 1);
                continue;
            }

            while (prefix.Length != 0 && !original.StartsWith(prefix, StringComparison.Ordinal))
            {
                int cut = prefix.LastIndexOf('_', prefix.Length - 2 < 0 ? 0 : prefix.Length - 2);
                prefix = cut < 0 ? string.Empty : prefix.Substring(0, cut + 1);
            }
        }

        return prefix ?? string.Empty;
    }

    private static List<(string Name, string? Original, long Value)> Members(INamedTypeSymbol type, bool withOriginalNames)
    {
        var members = new List<(string, string?, long)>();
        foreach (ISymbol member in type.GetMembers())
        {
            if (member is not IFieldSymbol { IsConst: true, HasConstantValue: true } field)
            {
                continue;
            }

            string? original = null;
            if (withOriginalNames)
            {
                foreach (AttributeData attribute in field.GetAttributes())
                {
                    if (attribute.AttributeClass.IsNamed(OriginalNameAttribute) && attribute.ConstructorArguments.Length > 0)
                    {
                        original = attribute.ConstructorArguments[0].Value as string;
                    }
                }
            }

            long value = field.ConstantValue is ulong large ? unchecked((long)large) : System.Convert.ToInt64(field.ConstantValue, CultureInfo.InvariantCulture);
            members.Add((field.Name, original, value));
        }

        return members;
    }
}
