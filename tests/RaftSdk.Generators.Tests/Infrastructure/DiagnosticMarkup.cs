using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace RaftSdk.Generators.Tests.Infrastructure;

/// <summary>
/// The analyzer tests' markup for generator diagnostics: <c>{|RAFT021:Retries|}</c> says RAFT021 is
/// reported on exactly that text. <see cref="Describe"/> renders diagnostics in the same markup, so a
/// failure shows expected and actual side by side.
/// </summary>
internal static class DiagnosticMarkup
{
    public static (string Source, IReadOnlyList<(string Id, TextSpan Span)> Expected) Parse(string markup)
    {
        var text = new StringBuilder();
        var expected = new List<(string, TextSpan)>();
        var open = new Stack<(string Id, int Start)>();
        for (int i = 0; i < markup.Length; i++)
        {
            if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                int colon = markup.IndexOf(':', i);
                open.Push((markup.Substring(i + 2, colon - i - 2), text.Length));
                i = colon;
            }
            else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}' && open.Count > 0)
            {
                (string id, int start) = open.Pop();
                expected.Add((id, TextSpan.FromBounds(start, text.Length)));
                i++;
            }
            else
            {
                text.Append(markup[i]);
            }
        }

        return (text.ToString(), expected.OrderBy(e => e.Item2.Start).ThenBy(e => e.Item1, System.StringComparer.Ordinal).ToList());
    }

    /// <summary>The source with each (id, span) marked, for failure messages.</summary>
    public static string Describe(string source, IEnumerable<(string Id, TextSpan Span)> marks)
    {
        var text = new StringBuilder(source);
        foreach ((string id, TextSpan span) in marks.OrderByDescending(m => m.Span.Start))
        {
            text.Insert(span.End, "|}");
            text.Insert(span.Start, "{|" + id + ":");
        }

        return text.ToString();
    }

    public static IReadOnlyList<(string Id, TextSpan Span)> Actual(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Select(d => (d.Id, d.Location.SourceSpan)).OrderBy(e => e.SourceSpan.Start).ThenBy(e => e.Id, System.StringComparer.Ordinal).ToList();
}
