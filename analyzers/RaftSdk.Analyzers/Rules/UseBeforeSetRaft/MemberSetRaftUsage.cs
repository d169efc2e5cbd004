using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using RaftSdk.Analyzers.Shared;

namespace RaftSdk.Analyzers.Rules.UseBeforeSetRaft;

/// <summary>
/// RAFT101 for fields and properties: collects, across every member of one type, how each of its
/// communication fields and properties is used, and at the end of the type reports the peer calls on
/// those that no member ever passes to SetRaft (a constructor counts like any other member).
/// </summary>
/// <remarks>
/// To stay free of false positives only members that the type itself owns are judged: private ones,
/// created by a Start method and assigned nothing else, never handed out (so no other code can call
/// SetRaft on them), in a type without nested types (whose code is analyzed separately). A communication
/// object that the type receives from outside (say, through its constructor) was set up by its creator.
/// </remarks>
internal sealed class MemberSetRaftUsage
{
    private readonly object _gate = new object();
    private readonly INamedTypeSymbol _type;
    private readonly SdkTypes _types;
    private readonly HashSet<ISymbol> _setUpOrUnknown = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, List<IOperation>> _creations = new Dictionary<ISymbol, List<IOperation>>(SymbolEqualityComparer.Default);
    private readonly List<(ISymbol Member, IOperation Call)> _calls = new List<(ISymbol Member, IOperation Call)>();

    private MemberSetRaftUsage(INamedTypeSymbol type, SdkTypes types)
    {
        _type = type;
        _types = types;
    }

    public static void Register(SymbolStartAnalysisContext context, SdkTypes types)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!type.GetTypeMembers().IsEmpty || !HasCandidate(type, types))
        {
            return;
        }

        var usage = new MemberSetRaftUsage(type, types);
        context.RegisterOperationAction(usage.OnReference, OperationKind.FieldReference, OperationKind.PropertyReference);
        context.RegisterOperationAction(usage.OnInitializer, OperationKind.FieldInitializer, OperationKind.PropertyInitializer);
        context.RegisterSymbolEndAction(usage.OnEnd);
    }

    private static bool HasCandidate(INamedTypeSymbol type, SdkTypes types)
    {
        foreach (ISymbol member in type.GetMembers())
        {
            if (IsCandidate(member, type, types))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCandidate(ISymbol member, INamedTypeSymbol type, SdkTypes types)
    {
        if (member.DeclaredAccessibility != Accessibility.Private
            || member.IsImplicitlyDeclared
            || !SymbolEqualityComparer.Default.Equals(member.ContainingType, type))
        {
            return false;
        }

        return member switch
        {
            IFieldSymbol field => types.IsCommunication(field.Type),
            IPropertySymbol property => !property.IsIndexer && types.IsCommunication(property.Type),
            _ => false,
        };
    }

    private void OnReference(OperationAnalysisContext context)
    {
        var reference = (IMemberReferenceOperation)context.Operation;
        ISymbol member = reference.Member;
        if (!IsCandidate(member, _type, _types))
        {
            return;
        }

        ReceiverUse use = ReceiverUse.Of(reference, _types);
        lock (_gate)
        {
            switch (use.Kind)
            {
                case ReceiverUseKind.Member when use.Member == CommunicationMemberKind.PeerCall:
                    _calls.Add((member, use.Use!));
                    break;
                case ReceiverUseKind.Member when use.Member == CommunicationMemberKind.SetRaft:
                case ReceiverUseKind.Escapes:
                case ReceiverUseKind.Captured:
                    _setUpOrUnknown.Add(member);
                    break;
                case ReceiverUseKind.AssignedTo:
                    AddAssignment(member, use.AssignedValue!, reference.Parent!);
                    break;
            }
        }
    }

    private void OnInitializer(OperationAnalysisContext context)
    {
        InitializedMembers(context.Operation, out IEnumerable<ISymbol> members, out IOperation value);
        lock (_gate)
        {
            foreach (ISymbol member in members)
            {
                if (IsCandidate(member, _type, _types))
                {
                    AddAssignment(member, value, context.Operation);
                }
            }
        }
    }

    private static void InitializedMembers(IOperation initializer, out IEnumerable<ISymbol> members, out IOperation value)
    {
        if (initializer is IFieldInitializerOperation field)
        {
            members = field.InitializedFields;
            value = field.Value;
        }
        else
        {
            var property = (IPropertyInitializerOperation)initializer;
            members = property.InitializedProperties;
            value = property.Value;
        }
    }

    private void AddAssignment(ISymbol member, IOperation value, IOperation assignment)
    {
        if (value.ConstantValue is { HasValue: true, Value: null } || OperationHelpers.WalkDownConversions(value) is IDefaultValueOperation)
        {
            // "= null!" or "= default": a placeholder until the real object is created.
            return;
        }

        if (!StartMethods.IsStartCall(_types, value))
        {
            // Assigned something the type did not create: whoever created it is responsible for SetRaft.
            _setUpOrUnknown.Add(member);
            return;
        }

        if (!_creations.TryGetValue(member, out List<IOperation>? list))
        {
            list = new List<IOperation>();
            _creations.Add(member, list);
        }

        list.Add(assignment);
    }

    private void OnEnd(SymbolAnalysisContext context)
    {
        lock (_gate)
        {
            foreach ((ISymbol member, IOperation call) in _calls)
            {
                if (_setUpOrUnknown.Contains(member) || !_creations.TryGetValue(member, out List<IOperation>? creations))
                {
                    continue;
                }

                string method = ((IInvocationOperation)call).TargetMethod.Name;
                string detail = $", and no member of '{_type.Name}' ever calls SetRaft on it";
                FixTarget(creations, out Location? creation, out string? receiver);
                context.ReportDiagnostic(UseBeforeSetRaftAnalyzer.Create(call, method, member.Name, detail, creation, receiver));
            }
        }
    }

    /// <summary>
    /// The fix can insert SetRaft only after a single creating statement of the form <c>x = Start...;</c>
    /// in a block; an initializer has no statement to follow.
    /// </summary>
    private static void FixTarget(List<IOperation> creations, out Location? creation, out string? receiver)
    {
        creation = null;
        receiver = null;
        if (creations.Count == 1
            && creations[0] is ISimpleAssignmentOperation assignment
            && assignment.Parent is IExpressionStatementOperation { Syntax: ExpressionStatementSyntax { Parent: BlockSyntax } statement })
        {
            creation = statement.GetLocation();
            receiver = assignment.Target.Syntax.ToString();
        }
    }
}
