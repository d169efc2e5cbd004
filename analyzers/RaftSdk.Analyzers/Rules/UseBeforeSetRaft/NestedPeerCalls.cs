using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using RaftSdk.Analyzers.Shared;

namespace RaftSdk.Analyzers.Rules.UseBeforeSetRaft;

/// <summary>
/// RAFT101 for peer calls inside the lambdas and local functions of a method, on a local of the method
/// that they only send on (<see cref="SendOnlyCaptures"/>). Such a call is judged by the state of the
/// local where the function runs: at each direct call of a local function, at each <c>d()</c> of a
/// delegate local <c>d</c> that holds the lambda and is used for nothing else, and otherwise (a lambda
/// handed to <c>Select</c>, <c>Task.Run</c>, a timer) from where the lambda is created onward, at any
/// later time; then the call is reported only when the method never sets the object up at all.
/// </summary>
internal sealed class NestedPeerCalls
{
    private readonly Dictionary<ISymbol, Function> _lambdas = new Dictionary<ISymbol, Function>(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, Function> _localFunctions = new Dictionary<ISymbol, Function>(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, Function> _delegateLocals = new Dictionary<ILocalSymbol, Function>(SymbolEqualityComparer.Default);

    /// <param name="graph">The graph whose locals are tracked.</param>
    /// <param name="types">The SDK's types.</param>
    /// <param name="tracked">The tracked locals and their indices in the flow state.</param>
    /// <param name="captured">Every local that some lambda or local function shares with the code around it.</param>
    public NestedPeerCalls(ControlFlowGraph graph, SdkTypes types, IReadOnlyDictionary<ILocalSymbol, int> tracked, HashSet<ILocalSymbol> captured)
    {
        IOperation self = FunctionOf(graph);
        HashSet<ISymbol> calledFromNested = LocalFunctionsCalledFromNested(self);
        foreach (IMethodSymbol localFunction in graph.LocalFunctions)
        {
            Function? function = Function.Of(graph.GetLocalFunctionControlFlowGraph(localFunction).OriginalOperation, types, tracked);
            if (function is not null && !calledFromNested.Contains(localFunction))
            {
                _localFunctions.Add(localFunction, function);
            }
        }

        foreach (IOperation operation in ControlFlowGraphs.AllOperations(graph))
        {
            if (operation is IFlowAnonymousFunctionOperation lambda
                && Function.Of(graph.GetAnonymousFunctionControlFlowGraph(lambda).OriginalOperation, types, tracked) is Function function)
            {
                _lambdas[lambda.Symbol] = function;
                if (InvokedLocal(graph, lambda, captured) is ILocalSymbol local)
                {
                    _delegateLocals[local] = function;
                    function.RunsWhereInvoked = true;
                }
            }
        }
    }

    /// <summary>Notes, in the reporting pass, that the function of <paramref name="operation"/> (if any) may run with <paramref name="state"/>.</summary>
    public void Apply(IOperation operation, byte[] state)
    {
        switch (operation)
        {
            case IFlowAnonymousFunctionOperation lambda when _lambdas.TryGetValue(lambda.Symbol, out Function? function) && !function.RunsWhereInvoked:
                function.Run(state, anyTimeLater: true);
                break;
            case IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction } call when _localFunctions.TryGetValue(call.TargetMethod.OriginalDefinition, out Function? function):
                function.Run(state, anyTimeLater: false);
                break;
            case IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke, Instance: ILocalReferenceOperation target } when _delegateLocals.TryGetValue(target.Local, out Function? function):
                function.Run(state, anyTimeLater: false);
                break;
            case IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } reference when _localFunctions.TryGetValue(reference.Method.OriginalDefinition, out Function? function):
                // Turned into a delegate: it may run at any later time.
                function.Run(state, anyTimeLater: true);
                break;
        }
    }

    /// <summary>
    /// The calls to report, with the state that decides the wording. A function that may run at any later time
    /// is judged only when the object is never set up in the method (<paramref name="everReady"/> false for it).
    /// </summary>
    public IEnumerable<(int Index, IOperation Call, byte State)> Reports(bool[] everReady)
    {
        foreach (Function function in Functions())
        {
            foreach ((int index, IOperation call) in function.PeerCalls)
            {
                byte state = function.States[index];
                if (function.AnyTimeLater && (everReady[index] || state != LocalSetRaftFlow.NotReady))
                {
                    continue;
                }

                yield return (index, call, state);
            }
        }
    }

    private IEnumerable<Function> Functions()
    {
        foreach (Function function in _lambdas.Values)
        {
            yield return function;
        }

        foreach (Function function in _localFunctions.Values)
        {
            yield return function;
        }
    }

    /// <summary>The lambda, local function or method whose graph this is, as its node in the original operation tree.</summary>
    private static IOperation FunctionOf(ControlFlowGraph graph)
    {
        return graph.OriginalOperation is IAnonymousFunctionOperation or ILocalFunctionOperation
            ? graph.OriginalOperation
            : OperationHelpers.Root(graph.OriginalOperation);
    }

    /// <summary>Local functions used from a nested lambda or local function: where they run is not visible in this graph.</summary>
    private static HashSet<ISymbol> LocalFunctionsCalledFromNested(IOperation self)
    {
        var found = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (IOperation operation in self.Descendants())
        {
            IMethodSymbol? target = operation switch
            {
                IInvocationOperation call => call.TargetMethod,
                IMethodReferenceOperation reference => reference.Method,
                _ => null,
            };
            if (target is { MethodKind: MethodKind.LocalFunction } && OperationHelpers.EnclosingFunction(operation) != self)
            {
                found.Add(target.OriginalDefinition);
            }
        }

        return found;
    }

    /// <summary>
    /// The local <c>d</c> of <c>d = () => ...</c> when that is its only assignment, no nested function
    /// shares it, and every other use of it is a call <c>d()</c>: the lambda runs exactly there.
    /// </summary>
    private static ILocalSymbol? InvokedLocal(ControlFlowGraph graph, IFlowAnonymousFunctionOperation lambda, HashSet<ILocalSymbol> captured)
    {
        if (lambda.Parent is not IDelegateCreationOperation { Parent: ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment }
            || target.Local.IsRef
            || captured.Contains(target.Local))
        {
            return null;
        }

        foreach (IOperation operation in ControlFlowGraphs.AllOperations(graph))
        {
            if (operation is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, target.Local)
                && reference != assignment.Target
                && reference.Parent is not IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke })
            {
                return null;
            }
        }

        return target.Local;
    }

    /// <summary>One lambda or local function with peer calls on tracked locals, and the states it may run with.</summary>
    private sealed class Function
    {
        private Function(List<(int Index, IOperation Call)> peerCalls, int width)
        {
            PeerCalls = peerCalls;
            States = new byte[width];
        }

        public List<(int Index, IOperation Call)> PeerCalls { get; }

        /// <summary>Per tracked local, the states (OR-ed) at the points where the function may start running.</summary>
        public byte[] States { get; }

        /// <summary>The function may also run at any time after one of those points.</summary>
        public bool AnyTimeLater { get; private set; }

        /// <summary>The lambda sits in a delegate local and runs where that is invoked, not where it is created.</summary>
        public bool RunsWhereInvoked { get; set; }

        public static Function? Of(IOperation function, SdkTypes types, IReadOnlyDictionary<ILocalSymbol, int> tracked)
        {
            var calls = new List<(int Index, IOperation Call)>();
            foreach (IOperation operation in function.Descendants())
            {
                if (operation is ILocalReferenceOperation reference
                    && tracked.TryGetValue(reference.Local, out int index)
                    && OperationHelpers.EnclosingFunction(reference) == function
                    && ReceiverUse.Of(reference, types) is { Kind: ReceiverUseKind.Member, Member: CommunicationMemberKind.PeerCall } use)
                {
                    calls.Add((index, use.Use!));
                }
            }

            return calls.Count == 0 ? null : new Function(calls, tracked.Count);
        }

        public void Run(byte[] state, bool anyTimeLater)
        {
            for (int i = 0; i < state.Length; i++)
            {
                States[i] |= state[i];
            }

            AnyTimeLater |= anyTimeLater;
        }
    }
}
