using System.Text;

namespace RaftSdk.Generators.Proto;

/// <summary>The names protoc's C# plugin derives, so that .proto fields can be matched to classes.</summary>
internal static class ProtoNames
{
    /// <summary><c>candidateId</c> and <c>candidate_id</c> both become <c>CandidateId</c>.</summary>
    public static string ToCSharpPropertyName(string fieldName)
    {
        var result = new StringBuilder(fieldName.Length);
        bool capitalizeNext = true;
        foreach (char c in fieldName)
        {
            if (c == '_')
            {
                capitalizeNext = true;
                continue;
            }

            if (char.IsDigit(c))
            {
                result.Append(c);
                capitalizeNext = true;
                continue;
            }

            result.Append(capitalizeNext ? char.ToUpperInvariant(c) : c);
            capitalizeNext = false;
        }

        return result.ToString();
    }

    /// <summary>The namespace protoc uses when a file has no <c>csharp_namespace</c> option.</summary>
    public static string PackageToNamespace(string package)
    {
        if (package.Length == 0)
        {
            return string.Empty;
        }

        string[] parts = package.Split('.');
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = ToCSharpPropertyName(parts[i]);
        }

        return string.Join(".", parts);
    }
}
