using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RaftSdk.Analyzers.CodeFixes;

/// <summary>
/// The SetRaft call that the code already makes on the object somewhere else in the member (after the
/// peer call RAFT101 reports, or on another path). The RAFT101 fix moves that call up rather than add a
/// second one: it must be a single statement <c>x.SetRaft(arg);</c> (or <c>x?.SetRaft(arg);</c>) in a block
/// whose argument already exists where the object is created. Any other shape, or more than one such
/// call, means the fix cannot know which to keep, and none is offered.
/// </summary>
internal sealed class ExistingSetRaft
{
    private ExistingSetRaft(ExpressionStatementSyntax? statement, string? argument)
    {
        Statement = statement;
        Argument = argument;
    }

    /// <summary>The statement to remove; null when the member calls SetRaft on the object nowhere.</summary>
    public ExpressionStatementSyntax? Statement { get; }

    /// <summary>The argument of that call, to pass at the new place.</summary>
    public string? Argument { get; }

    /// <summary>
    /// Finds the SetRaft call on the object that <paramref name="creation"/> creates. Null when there is
    /// one that cannot move to <paramref name="insertAt"/> (the position of the new call), or several.
    /// </summary>
    public static ExistingSetRaft? Find(SemanticModel model, StatementSyntax creation, int insertAt, CancellationToken cancellationToken)
    {
        ISymbol? receiver = CreatedSymbol(model, creation, cancellationToken);
        if (receiver is null)
        {
            return new ExistingSetRaft(null, null);
        }

        InvocationExpressionSyntax? found = null;
        SyntaxNode scope = (SyntaxNode?)creation.FirstAncestorOrSelf<MemberDeclarationSyntax>(member => member is not GlobalStatementSyntax) ?? creation.SyntaxTree.GetRoot(cancellationToken);
        foreach (InvocationExpressionSyntax invocation in scope.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            ExpressionSyntax? target = SetRaftReceiver(invocation);
            if (target is not null && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(target, cancellationToken).Symbol, receiver))
            {
                if (found is not null)
                {
                    return null;
                }

                found = invocation;
            }
        }

        if (found is null)
        {
            return new ExistingSetRaft(null, null);
        }

        SyntaxNode call = found.Parent is MemberBindingExpressionSyntax or ConditionalAccessExpressionSyntax ? found.FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>()! : found;
        if (call.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax } statement
            || found.ArgumentList.Arguments.Count != 1
            || !CanMove(model, found.ArgumentList.Arguments[0].Expression, creation, insertAt, cancellationToken))
        {
            return null;
        }

        return new ExistingSetRaft(statement, found.ArgumentList.Arguments[0].Expression.ToString());
    }

    /// <summary>The receiver of <c>x.SetRaft(...)</c> or <c>x?.SetRaft(...)</c>; null for any other call.</summary>
    private static ExpressionSyntax? SetRaftReceiver(InvocationExpressionSyntax invocation)
    {
        return invocation.Expression switch
        {
            MemberAccessExpressionSyntax { Name.Identifier.ValueText: "SetRaft" } access => access.Expression,
            MemberBindingExpressionSyntax { Name.Identifier.ValueText: "SetRaft" } => invocation.FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>()?.Expression,
            _ => null,
        };
    }

    private static ISymbol? CreatedSymbol(SemanticModel model, StatementSyntax creation, CancellationToken cancellationToken)
    {
        VariableDeclarationSyntax? declaration = creation switch
        {
            LocalDeclarationStatementSyntax local => local.Declaration,
            UsingStatementSyntax @using => @using.Declaration,
            _ => null,
        };
        if (declaration is { Variables.Count: 1 })
        {
            return model.GetDeclaredSymbol(declaration.Variables[0], cancellationToken);
        }

        return creation is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment }
            ? model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol
            : null;
    }

    /// <summary>Every local, parameter and range variable the argument reads is in scope at <paramref name="insertAt"/> and declared by then.</summary>
    private static bool CanMove(SemanticModel model, ExpressionSyntax argument, StatementSyntax creation, int insertAt, CancellationToken cancellationToken)
    {
        foreach (IdentifierNameSyntax name in argument.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            ISymbol? symbol = model.GetSymbolInfo(name, cancellationToken).Symbol;
            if (symbol is not (ILocalSymbol or IParameterSymbol or IRangeVariableSymbol))
            {
                continue;
            }

            if (!model.LookupSymbols(insertAt, name: symbol.Name).Contains(symbol, SymbolEqualityComparer.Default)
                || (symbol is ILocalSymbol local && !RaftCandidates.DeclaredBefore(local, creation.SyntaxTree, creation.Span.End, out _)))
            {
                return false;
            }
        }

        return true;
    }
}
