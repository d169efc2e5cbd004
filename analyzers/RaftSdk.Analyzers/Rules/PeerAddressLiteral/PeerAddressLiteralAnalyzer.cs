using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
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
    /// <summary>Diagnostic property: the address without scheme and path; present only when the code fix applies.</summary>
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

        // The fix rewrites a string literal in place; a constant from elsewhere (a const field, a
        // concatenation) has to be fixed where it is declared, so no fix is offered for it.
        if (address.CanStrip && value.Syntax.IsKind(SyntaxKind.StringLiteralExpression))
        {
            properties = properties.Add(StrippedProperty, address.Stripped);
        }

        return Diagnostic.Create(DiagnosticDescriptors.PeerAddressLiteral, value.Syntax.GetLocation(), properties, address.Text, address.DescribeProblems());
    }
}
