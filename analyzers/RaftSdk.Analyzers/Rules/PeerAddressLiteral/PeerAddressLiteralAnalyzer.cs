using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using RaftSdk.Analyzers.Shared;

namespace RaftSdk.Analyzers.Rules.PeerAddressLiteral;

/// <summary>
/// RAFT103: a constant passed as a peer address (a <c>string address</c> parameter of an ICommunication
/// peer call or of a generated client's method) that carries a scheme, a path, or no port.
/// Only compile-time constants are judged; an address computed at run time is not this rule's business.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PeerAddressLiteralAnalyzer : DiagnosticAnalyzer
{
    /// <summary>
    /// Diagnostic property: the address without scheme and path; present only when the code fix applies.
    /// The literal to rewrite is the diagnostic's location, or its one additional location when the
    /// address is a constant declared in the same file.
    /// </summary>
    public const string StrippedProperty = "Stripped";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.PeerAddressLiteral);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            SdkTypes types = SdkTypes.Resolve(start.Compilation);
            if (types.Communication is null && types.RaftContractAttribute is null)
            {
                return;
            }

            start.RegisterOperationAction(operation => AnalyzeInvocation(operation, types), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, SdkTypes types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!GeneratedClients.IsPeerCallTarget(types, invocation.TargetMethod))
        {
            return;
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue
                || argument.Parameter is not { Name: CommunicationMembers.AddressParameterName, Type.SpecialType: SpecialType.System_String }
                || argument.Value.ConstantValue is not { HasValue: true, Value: string text })
            {
                continue;
            }

            PeerAddress address = PeerAddress.Parse(text);
            if (!address.IsValid)
            {
                context.ReportDiagnostic(Create(argument.Value, address));
            }
        }
    }

    private static Diagnostic Create(IOperation value, PeerAddress address)
    {
        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
        Location? literal = address.CanStrip ? FixableLiteral(value) : null;
        if (literal is null)
        {
            return Diagnostic.Create(DiagnosticDescriptors.PeerAddressLiteral, value.Syntax.GetLocation(), properties, address.Text, address.DescribeProblems());
        }

        properties = properties.Add(StrippedProperty, address.Stripped);
        Location[] additional = literal.SourceSpan == value.Syntax.Span ? Array.Empty<Location>() : new[] { literal };
        return Diagnostic.Create(DiagnosticDescriptors.PeerAddressLiteral, value.Syntax.GetLocation(), additional, properties, address.Text, address.DescribeProblems());
    }

    /// <summary>
    /// The string literal the fix rewrites: the argument itself, or the initializer of the const field or
    /// local it names when that is declared in the same file (the code fix changes one document). A
    /// concatenation, or a constant from another file, is left to the user.
    /// </summary>
    private static Location? FixableLiteral(IOperation value)
    {
        if (value.Syntax.IsKind(SyntaxKind.StringLiteralExpression))
        {
            return value.Syntax.GetLocation();
        }

        ISymbol? constant = OperationHelpers.WalkDownConversions(value) switch
        {
            IFieldReferenceOperation { Field.IsConst: true } field => field.Field,
            ILocalReferenceOperation { Local.IsConst: true } local => local.Local,
            _ => null,
        };
        if (constant is null || constant.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        SyntaxReference declaration = constant.DeclaringSyntaxReferences[0];
        return declaration.SyntaxTree == value.Syntax.SyntaxTree
            && declaration.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: LiteralExpressionSyntax initializer }
            && initializer.IsKind(SyntaxKind.StringLiteralExpression)
            ? initializer.GetLocation()
            : null;
    }
}
