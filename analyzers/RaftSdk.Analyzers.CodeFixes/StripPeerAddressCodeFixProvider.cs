using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using RaftSdk.Analyzers.Rules.PeerAddressLiteral;

namespace RaftSdk.Analyzers.CodeFixes;

/// <summary>
/// RAFT103 fix: rewrites a peer address literal without its scheme and path (<c>"http://node1:9000/raft"</c>
/// becomes <c>"node1:9000"</c>), the argument itself or the initializer of the constant it names. The
/// analyzer computes the stripped text (<see cref="Shared.PeerAddress"/>) and attaches it only for a string
/// literal with a scheme or a path; a missing port has no mechanical fix. Fix All rewrites each literal
/// once, however many calls use it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StripPeerAddressCodeFixProvider)), Shared]
public sealed class StripPeerAddressCodeFixProvider : CodeFixProvider
{
    private const string EquivalenceKey = DiagnosticIds.PeerAddressLiteral + ".Strip";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.PeerAddressLiteral);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(async (context, document, diagnostics) => await StripAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.TryGetValue(PeerAddressLiteralAnalyzer.StrippedProperty, out string? stripped) && stripped is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Use \"{stripped}\" (host:port)", cancellationToken => StripAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken), EquivalenceKey),
                    diagnostic);
            }
        }

        return Task.CompletedTask;
    }

    private static async Task<Document> StripAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        // Several calls may name one constant: its literal is rewritten once.
        var replacements = new Dictionary<LiteralExpressionSyntax, string>();
        foreach (Diagnostic diagnostic in diagnostics)
        {
            TextSpan span = diagnostic.AdditionalLocations.Count == 1 ? diagnostic.AdditionalLocations[0].SourceSpan : diagnostic.Location.SourceSpan;
            if (diagnostic.Properties.TryGetValue(PeerAddressLiteralAnalyzer.StrippedProperty, out string? stripped)
                && stripped is not null
                && root.FindNode(span, getInnermostNodeForTie: true) is LiteralExpressionSyntax literal)
            {
                replacements[literal] = stripped;
            }
        }

        SyntaxNode fixedRoot = root.ReplaceNodes(
            replacements.Keys,
            (original, _) => SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(replacements[original])).WithTriviaFrom(original));
        return document.WithSyntaxRoot(fixedRoot);
    }
}
