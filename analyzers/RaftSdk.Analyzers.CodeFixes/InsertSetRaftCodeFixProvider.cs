using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Text;
using RaftSdk.Analyzers.Rules.UseBeforeSetRaft;

namespace RaftSdk.Analyzers.CodeFixes;

/// <summary>
/// RAFT101 fix: inserts <c>x.SetRaft(raft);</c> right after the statement that created <c>x</c> (first in
/// the body of a <c>using (var x = ...)</c> statement, where <c>x</c> is in scope). When the member already
/// calls SetRaft on <c>x</c> later, that call is moved up (<see cref="ExistingSetRaft"/>), so SetRaft is never
/// called twice; otherwise the IRaft is one found in scope by <see cref="RaftCandidates"/>. The analyzer
/// attaches the creating statement only when it is the single place the object is created and SetRaft is
/// missing on every path, so the inserted call is always correct; with no IRaft to pass no fix is offered.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsertSetRaftCodeFixProvider)), Shared]
public sealed class InsertSetRaftCodeFixProvider : CodeFixProvider
{
    private const string EquivalenceKey = DiagnosticIds.UseBeforeSetRaft + ".InsertSetRaft";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UseBeforeSetRaft);

    /// <summary>Several calls on one object share one creating statement: Fix All inserts SetRaft once per statement.</summary>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(async (context, document, diagnostics) => await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (model is null || root is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            Insertion? insertion = Insertion.For(diagnostic, root, model, context.CancellationToken);
            if (insertion is null)
            {
                continue;
            }

            string title = insertion.Moved is null
                ? $"Call {insertion.Receiver}.SetRaft({insertion.Raft}) after creating it"
                : $"Move {insertion.Receiver}.SetRaft({insertion.Raft}) to right after creating it";
            context.RegisterCodeFix(
                CodeAction.Create(title, cancellationToken => FixAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || root is null)
        {
            return document;
        }

        var insertions = new Dictionary<TextSpan, Insertion>();
        foreach (Diagnostic diagnostic in diagnostics)
        {
            Insertion? insertion = Insertion.For(diagnostic, root, model, cancellationToken);
            if (insertion is not null && !insertions.ContainsKey(insertion.After.Span))
            {
                insertions.Add(insertion.After.Span, insertion);
            }
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        foreach (Insertion insertion in insertions.Values.OrderBy(i => i.After.SpanStart))
        {
            insertion.Apply(editor);
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    /// <summary>One SetRaft call to insert: after which statement, on what, with which IRaft.</summary>
    private sealed class Insertion
    {
        private Insertion(StatementSyntax after, string receiver, string raft, StatementSyntax? moved)
        {
            After = after;
            Receiver = receiver;
            Raft = raft;
            Moved = moved;
        }

        public StatementSyntax After { get; }

        public string Receiver { get; }

        public string Raft { get; }

        /// <summary>The existing SetRaft statement that the new one replaces, if any.</summary>
        public StatementSyntax? Moved { get; }

        public static Insertion? For(Diagnostic diagnostic, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
        {
            if (diagnostic.AdditionalLocations.Count != 1
                || !diagnostic.Properties.TryGetValue(UseBeforeSetRaftAnalyzer.ReceiverProperty, out string? receiver)
                || receiver is null)
            {
                return null;
            }

            SyntaxNode node = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true);
            StatementSyntax? statement = node.FirstAncestorOrSelf<StatementSyntax>();
            if (statement is UsingStatementSyntax { Statement: not BlockSyntax { Statements.Count: > 0 } })
            {
                return null; // no body statement to put SetRaft before, and after the using the object is out of scope
            }

            if (statement is null)
            {
                return null;
            }

            int insertAt = statement is UsingStatementSyntax { Statement: BlockSyntax body } ? body.Statements[0].SpanStart : statement.Span.End;
            ExistingSetRaft? existing = ExistingSetRaft.Find(model, statement, insertAt, cancellationToken);
            string? raft = existing?.Argument ?? (existing is null ? null : RaftCandidates.Find(model, statement, cancellationToken));
            return raft is null ? null : new Insertion(statement, receiver, raft, existing!.Statement);
        }

        public void Apply(SyntaxEditor editor)
        {
            if (Moved is not null)
            {
                editor.RemoveNode(Moved, SyntaxRemoveOptions.KeepUnbalancedDirectives);
            }

            // An object created by a using statement exists only in its body: SetRaft goes first there
            // (after the block it would not compile, CS0103).
            if (After is UsingStatementSyntax { Statement: BlockSyntax { Statements.Count: > 0 } body })
            {
                StatementSyntax first = body.Statements[0];
                editor.InsertBefore(first, SyntaxFactory.ParseStatement($"{Receiver}.SetRaft({Raft});")
                    .WithLeadingTrivia(Indentation(first))
                    .WithTrailingTrivia(LineEnding(first)));
                return;
            }

            // Same indentation and line ending as the statement it follows, so nothing else needs formatting.
            StatementSyntax call = SyntaxFactory.ParseStatement($"{Receiver}.SetRaft({Raft});")
                .WithLeadingTrivia(Indentation(After))
                .WithTrailingTrivia(LineEnding(After));

            // A top-level program's statements are wrapped in GlobalStatementSyntax; insert a sibling of the wrapper.
            if (After.Parent is GlobalStatementSyntax global)
            {
                editor.InsertAfter(global, SyntaxFactory.GlobalStatement(call));
            }
            else
            {
                editor.InsertAfter(After, call);
            }
        }

        private static SyntaxTriviaList Indentation(StatementSyntax statement)
        {
            SyntaxTriviaList leading = statement.GetLeadingTrivia();
            return leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
                ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
                : SyntaxFactory.TriviaList();
        }

        private static SyntaxTriviaList LineEnding(StatementSyntax statement)
        {
            foreach (SyntaxTrivia trivia in statement.GetTrailingTrivia())
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return SyntaxFactory.TriviaList(trivia);
                }
            }

            return SyntaxFactory.TriviaList(SyntaxFactory.ElasticCarriageReturnLineFeed);
        }
    }
}
