using Microsoft.CodeAnalysis.CSharp;

namespace RaftSdk.Generators.Common;

/// <summary>
/// The one place a user's symbol name becomes an identifier in generated code. Only reserved
/// keywords need <c>@</c>: generated code writes user names after <c>.</c>, as named arguments, in
/// object and <c>with</c> initializers and as parameters, where contextual keywords (<c>var</c>,
/// <c>value</c>, <c>async</c>) are plain identifiers.
/// </summary>
internal static class CSharpIdentifier
{
    /// <summary>A name as a C# identifier: a reserved keyword gets <c>@</c>.</summary>
    public static string Escape(string name) =>
        SyntaxFacts.IsReservedKeyword(SyntaxFacts.GetKeywordKind(name)) ? "@" + name : name;

    /// <summary>
    /// A name the user wrote as text (<c>ResultMember = "@return"</c>) as the symbol's name
    /// (<c>return</c>): only one leading <c>@</c> is an escape.
    /// </summary>
    public static string Unescape(string name) =>
        name.Length > 1 && name[0] == '@' ? name.Substring(1) : name;
}
