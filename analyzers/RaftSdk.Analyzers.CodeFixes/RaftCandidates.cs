using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RaftSdk.Analyzers.CodeFixes;

/// <summary>
/// Finds an IRaft that is in scope at a statement, for the RAFT101 fix to pass to SetRaft. In order of
/// preference: a parameter or a local declared before the statement (the closest first), then a field or
/// property of the containing type, then <c>this</c> when the type implements IRaft. Null when there is
/// none: the fix is not offered rather than guessing.
/// </summary>
internal static class RaftCandidates
{
    private const string RaftName = "RaftSdk.ChangeAgent.IRaft";

    public static string? Find(SemanticModel model, StatementSyntax statement, CancellationToken cancellationToken)
    {
        INamedTypeSymbol? raft = model.Compilation.GetTypeByMetadataName(RaftName);
        if (raft is null)
        {
            return null;
        }

        int position = statement.Span.End;
        ISymbol? enclosing = model.GetEnclosingSymbol(position, cancellationToken);
        bool instanceContext = IsInstanceContext(enclosing);
        INamedTypeSymbol? containingType = enclosing?.ContainingType;

        string? variable = null;
        int variableStart = -1;
        string? member = null;
        foreach (ISymbol symbol in model.LookupSymbols(position))
        {
            switch (symbol)
            {
                case ILocalSymbol local when IsRaft(local.Type, raft) && DeclaredBefore(local, statement, out int start) && start > variableStart:
                    variable = local.Name;
                    variableStart = start;
                    break;
                case IParameterSymbol parameter when IsRaft(parameter.Type, raft) && variableStart < 0:
                    variable = parameter.Name;
                    variableStart = 0;
                    break;
                case IFieldSymbol field when member is null && IsRaft(field.Type, raft) && IsOwnMember(field, containingType) && (field.IsStatic || instanceContext):
                    member = field.Name;
                    break;
                case IPropertySymbol property when member is null && !property.IsIndexer && property.GetMethod is not null && IsRaft(property.Type, raft) && IsOwnMember(property, containingType) && (property.IsStatic || instanceContext):
                    member = property.Name;
                    break;
            }
        }

        if (variable is not null || member is not null)
        {
            return variable ?? member;
        }

        return instanceContext && containingType is not null && IsRaft(containingType, raft) ? "this" : null;
    }

    private static bool IsRaft(ITypeSymbol type, INamedTypeSymbol raft)
    {
        if (SymbolEqualityComparer.Default.Equals(type, raft))
        {
            return true;
        }

        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, raft))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOwnMember(ISymbol member, INamedTypeSymbol? containingType)
    {
        for (INamedTypeSymbol? type = containingType; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(member.ContainingType, type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A local's scope is its whole block, so one declared after the statement is found too; it is not usable yet.</summary>
    private static bool DeclaredBefore(ILocalSymbol local, StatementSyntax statement, out int start) => DeclaredBefore(local, statement.SyntaxTree, statement.SpanStart, out start);

    /// <summary>True when <paramref name="local"/> is declared in <paramref name="tree"/> ending at or before <paramref name="position"/>.</summary>
    internal static bool DeclaredBefore(ILocalSymbol local, SyntaxTree tree, int position, out int start)
    {
        start = -1;
        foreach (SyntaxReference reference in local.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == tree && reference.Span.End <= position)
            {
                start = reference.Span.Start;
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <c>this</c> and instance members are usable: no static method or static lambda/local function encloses the position.</summary>
    private static bool IsInstanceContext(ISymbol? enclosing)
    {
        for (ISymbol? current = enclosing; current is IMethodSymbol method; current = current.ContainingSymbol)
        {
            if (method.IsStatic)
            {
                return false;
            }

            if (method.MethodKind is not (MethodKind.AnonymousFunction or MethodKind.LocalFunction))
            {
                return true;
            }
        }

        return false;
    }
}
