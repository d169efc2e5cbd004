using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Text;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Model;

namespace RaftSdk.Generators.Emitting;

/// <summary>
/// Puts the mappings of the message records declared in one source file into one generated file.
/// </summary>
/// <remarks>
/// Why not one file per record: on every run, cached or not, Roslyn adds each generated source to
/// a collection that checks the hint name against every name added before it, so a run's cost
/// grows with the square of the number of generated files. With thousands of messages that check
/// was half of a run after an unrelated edit (see docs/performance.md, "Generator speed").
/// A file that holds one record named like the file (the usual C# layout) keeps the name it
/// would have had alone: <c>Ns.AppendRequest.Proto.g.cs</c>.
/// </remarks>
internal static class MessageFileGrouper
{
    public static ImmutableArray<MessageFileSpec> Group(ImmutableArray<MessageSpec> messages)
    {
        // Group in order of first appearance (the compilation's tree order, then declaration order).
        var order = new List<string>();
        var groups = new Dictionary<string, List<MessageSpec>>(StringComparer.Ordinal);
        foreach (MessageSpec message in messages)
        {
            // Records from trees without a path (tests, in-memory projects) each get their own file.
            string key = message.SourceFilePath.Length != 0 ? message.SourceFilePath : "\0" + message.Type.FullyQualifiedName;
            if (!groups.TryGetValue(key, out List<MessageSpec>? group))
            {
                group = new List<MessageSpec>();
                groups.Add(key, group);
                order.Add(key);
            }

            group.Add(message);
        }

        // Name collisions (two Messages.cs in one namespace) are settled in path order, so the
        // names do not depend on the order in which files were added to the project.
        order.Sort(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase); // Roslyn compares hint names ignoring case
        var files = ImmutableArray.CreateBuilder<MessageFileSpec>(order.Count);
        foreach (string key in order)
        {
            List<MessageSpec> group = groups[key];
            string baseName = BaseName(key, group[0]);
            string hintName = HintNames.For(baseName, "Proto");
            for (int suffix = 2; !used.Add(hintName); suffix++)
            {
                hintName = HintNames.For(baseName + "_" + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture), "Proto");
            }

            files.Add(new MessageFileSpec(hintName, group.ToEquatableArray()));
        }

        return files.MoveToImmutable();
    }

    private static string BaseName(string key, MessageSpec first)
    {
        if (key[0] == '\0')
        {
            return first.Type.FullyQualifiedName;
        }

        string fileName = Sanitize(Path.GetFileNameWithoutExtension(key));
        string ns = first.Type.Namespace;
        return ns.Length == 0 ? fileName : ns + "." + fileName;
    }

    /// <summary>Keeps letters, digits, '.', '_' and '-'; anything else becomes '_'.</summary>
    private static string Sanitize(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            text.Append(char.IsLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        }

        return text.Length == 0 ? "_" : text.ToString();
    }
}
