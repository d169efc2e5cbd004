using RaftSdk.Generators.Common;

namespace RaftSdk.Generators.Model;

/// <summary>
/// Where a generated partial goes: the namespace (empty for the global one) and the chain of
/// containing type headers such as <c>partial class Outer</c>, outermost first.
/// </summary>
internal sealed record TypeDeclarationSpec(string Namespace, EquatableArray<string> ContainingTypeHeaders, string Header, string Name, string FullyQualifiedName);
