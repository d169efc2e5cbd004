using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RaftSdk.Analyzers.Rules.PeerAddressLiteral;

namespace RaftSdk.Analyzers.CodeFixes;

/// <summary>
/// RAFT103 fix: rewrites a peer address literal without its scheme and path (<c>"http://node1:9000/raft"</c>
/// becomes <c>"node1:9000"</c>). The analyzer computes the stripped text (<see cref="Shared.PeerAddress"/>)
/// and attaches it only for a string literal with a scheme or a path; a missing port has no mechanical fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StripPeerAddressCodeFixProvider)), Shared]
public sealed class StripPeerAddressCodeFixProvider : CodeFixProvider
{
    private const string EquivalenceKey = DiagnosticIds.PeerAddressLiteral + ".Strip";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.PeerAddressLiteral);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.TryGetValue(PeerAddressLiteralAnalyzer.StrippedProperty, out string? stripped) && stripped is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Use \"{stripped}\" (host:port)", cancellationToken => StripAsync(context.Document, diagnostic, stripped, cancellationToken), EquivalenceKey),
                    diagnostic);
            }
        }

        return Task.CompletedTask;
    }

    private static async Task<Document> StripAsync(Document document, Diagnostic diagnostic, string stripped, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal)
        {
            return document;
        }

        LiteralExpressionSyntax replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(stripped))
            .WithTriviaFrom(literal);
        return document.WithSyntaxRoot(root.ReplaceNode(literal, replacement));
    }
}
