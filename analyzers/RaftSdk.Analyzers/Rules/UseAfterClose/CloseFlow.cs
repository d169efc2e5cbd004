using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using RaftSdk.Analyzers.Shared;

namespace RaftSdk.Analyzers.Rules.UseAfterClose;

/// <summary>
/// RAFT102's dataflow: for every local, parameter, field or property that the method closes, whether it
/// is closed at each later use.
/// </summary>
/// <remarks>
/// The rule reports only when the object is closed on every path to the use; "closed on some paths" is
/// left alone, since such code usually guards the use with the same condition. Anything that may
/// replace the object makes it open again: an assignment, handing it out (an argument, a copy), and for
/// a field or property any call back into the containing type, which may assign a new one.
/// Disposal by a <c>using</c> happens in a finally block at the end of its scope, which no use follows.
/// </remarks>
internal sealed class CloseFlow : IFlowTransfer
{
    private const byte Closed = 1;
    private const byte Open = 2;

    private readonly SdkTypes _types;
    private readonly INamedTypeSymbol _owner;
    private readonly FlowCaptures _captures;
    private readonly Dictionary<ISymbol, int> _tracked;
    private readonly string[] _closedBy;
    private readonly Action<Diagnostic> _report;

    private CloseFlow(SdkTypes types, INamedTypeSymbol owner, FlowCaptures captures, Dictionary<ISymbol, int> tracked, Action<Diagnostic> report)
    {
        _types = types;
        _owner = owner;
        _captures = captures;
        _tracked = tracked;
        _closedBy = new string[tracked.Count];
        _report = report;
    }

    public static void Analyze(ControlFlowGraph root, INamedTypeSymbol owner, SdkTypes types, Action<Diagnostic> report)
    {
        HashSet<ILocalSymbol> captured = CapturedLocals.In(root.OriginalOperation);
        foreach (ControlFlowGraph graph in ControlFlowGraphs.WithNested(root))
        {
            var captures = new FlowCaptures(graph);
            Dictionary<ISymbol, int> tracked = FindClosed(graph, types, captures, captured);
            if (tracked.Count == 0)
            {
                continue;
            }

            byte[] entry = new byte[tracked.Count];
            for (int i = 0; i < entry.Length; i++)
            {
                entry[i] = Open;
            }

            ForwardFlow.Run(graph, entry, new CloseFlow(types, owner, captures, tracked, report));
        }
    }

    public void Apply(IOperation operation, byte[] state, bool report)
    {
        if (operation is IInvocationOperation invocation && MayReplaceFields(invocation))
        {
            foreach (KeyValuePair<ISymbol, int> entry in _tracked)
            {
                if (entry.Key is IFieldSymbol or IPropertySymbol)
                {
                    state[entry.Value] = Open;
                }
            }
        }

        if (operation is not (ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IFlowCaptureReferenceOperation))
        {
            return;
        }

        int index = TrackedIndex(operation);
        if (index < 0)
        {
            return;
        }

        ReceiverUse use = ReceiverUse.Of(operation, _types);
        switch (use.Kind)
        {
            case ReceiverUseKind.Member when use.Member == CommunicationMemberKind.Close:
                state[index] = Closed;
                _closedBy[index] ??= ((IInvocationOperation)use.Use!).TargetMethod.Name;
                break;
            case ReceiverUseKind.Member:
                if (report && state[index] == Closed)
                {
                    string name = Name(operation);
                    _report(Diagnostic.Create(DiagnosticDescriptors.UseAfterClose, use.Use!.Syntax.GetLocation(), name, _closedBy[index] ?? "Close"));
                }

                break;
            case ReceiverUseKind.AssignedTo:
            case ReceiverUseKind.Escapes:
                state[index] = Open;
                break;
        }
    }

    /// <summary>A call into the containing type (or a delegate, or one handed <c>this</c>) may assign the field anew.</summary>
    private bool MayReplaceFields(IInvocationOperation invocation)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (method.MethodKind == MethodKind.DelegateInvoke || invocation.Instance is IInstanceReferenceOperation)
        {
            return true;
        }

        for (INamedTypeSymbol? type = _owner; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(method.ContainingType, type))
            {
                return true;
            }
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (OperationHelpers.WalkDownConversions(argument.Value) is IInstanceReferenceOperation)
            {
                return true;
            }
        }

        return false;
    }

    private int TrackedIndex(IOperation reference)
    {
        IReadOnlyList<IOperation> values = _captures.Resolve(reference);
        if (values.Count != 1)
        {
            return -1;
        }

        ISymbol? symbol = OperationHelpers.ReferencedSymbol(values[0]);
        return symbol is not null && _tracked.TryGetValue(symbol, out int index) ? index : -1;
    }

    private string Name(IOperation reference)
    {
        return OperationHelpers.ReferencedSymbol(_captures.Resolve(reference)[0])?.Name ?? reference.Syntax.ToString();
    }

    /// <summary>The variables and members that this graph closes: only those can be used after a close.</summary>
    private static Dictionary<ISymbol, int> FindClosed(ControlFlowGraph graph, SdkTypes types, FlowCaptures captures, HashSet<ILocalSymbol> captured)
    {
        var tracked = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
        foreach (IOperation operation in ControlFlowGraphs.AllOperations(graph))
        {
            if (operation is not IInvocationOperation { Instance: not null } invocation
                || CommunicationMembers.Classify(types, invocation.TargetMethod, invocation.Instance.Type) != CommunicationMemberKind.Close)
            {
                continue;
            }

            IReadOnlyList<IOperation> receivers = captures.Resolve(invocation.Instance);
            ISymbol? symbol = receivers.Count == 1 ? OperationHelpers.ReferencedSymbol(receivers[0]) : null;
            if (symbol is null || IsAliased(symbol, captured) || tracked.ContainsKey(symbol))
            {
                continue;
            }

            tracked.Add(symbol, tracked.Count);
        }

        return tracked;
    }

    /// <summary>Ref variables and locals shared with a lambda can change behind the graph's back.</summary>
    private static bool IsAliased(ISymbol symbol, HashSet<ILocalSymbol> captured)
    {
        return symbol switch
        {
            ILocalSymbol local => local.IsRef || captured.Contains(local),
            IParameterSymbol parameter => parameter.RefKind != RefKind.None,
            IPropertySymbol property => property.ReturnsByRef || property.ReturnsByRefReadonly || !IsAutoProperty(property),
            _ => false,
        };
    }

    /// <summary>Only auto-properties hold on to one object; a computed property may return a new one every time.</summary>
    private static bool IsAutoProperty(IPropertySymbol property)
    {
        foreach (ISymbol member in property.ContainingType.GetMembers())
        {
            if (member is IFieldSymbol { IsImplicitlyDeclared: true } field && SymbolEqualityComparer.Default.Equals(field.AssociatedSymbol, property))
            {
                return true;
            }
        }

        return false;
    }
}
