using System.Collections.Generic;

namespace RaftSdk.Generators.Proto;

/// <summary>Splits .proto text into identifiers, numbers, strings and single-character symbols.</summary>
internal static class ProtoTokenizer
{
    public static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                int end = text.IndexOf("*/", i + 2, System.StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 2;
            }
            else if (c == '"' || c == '\'')
            {
                int start = i++;
                while (i < text.Length && text[i] != c)
                {
                    i += text[i] == '\\' ? 2 : 1;
                }

                i = System.Math.Min(i + 1, text.Length);
                tokens.Add(text.Substring(start, i - start));
            }
            else if (char.IsLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '+')
            {
                int start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '.' || text[i] == '-' || text[i] == '+'))
                {
                    i++;
                }

                tokens.Add(text.Substring(start, i - start));
            }
            else
            {
                tokens.Add(c.ToString());
                i++;
            }
        }

        return tokens;
    }
}
