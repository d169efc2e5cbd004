using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using RaftSdk.Analyzers.Shared;

namespace RaftSdk.Analyzers.Rules.UseBeforeSetRaft;

/// <summary>
/// RAFT101 for locals: a forward dataflow over the method's control flow graph that tracks, for every
/// local assigned from a Start method, whether SetRaft has been called on it.
/// </summary>
/// <remarks>
/// At a peer call the rule is silent when SetRaft was called on every path, and reports when it was
/// called on no path. When it was called on some paths only, the rule reports too (with "on some
/// paths"): the call throws on the other paths, and calling SetRaft unconditionally is the fix.
/// Whenever the local escapes (passed as an argument, copied, captured by a lambda that does more than
/// send on it, turned into a delegate), the analysis assumes SetRaft may be called elsewhere and treats it
/// as called. Peer calls inside the lambdas and local functions that only send on it are judged where
/// those run (<see cref="NestedPeerCalls"/>).
/// </remarks>
internal sealed class LocalSetRaftFlow : IFlowTransfer
{
    /// <summary>Some path reaches here with SetRaft called, or with an object of unknown origin.</summary>
    internal const byte Ready = 1;

    /// <summary>Some path reaches here with an object fresh from a Start method and no SetRaft yet.</summary>
    internal const byte NotReady = 2;

    private readonly SdkTypes _types;
    private readonly FlowCaptures _captures;
    private readonly Dictionary<ILocalSymbol, int> _tracked;
    private readonly ILocalSymbol[] _locals;
    private readonly Location?[] _fixLocations;
    private readonly HashSet<CaptureId> _conditionalSetRaft;
    private readonly Action<Diagnostic> _report;
    private readonly NestedPeerCalls _nested;

    /// <summary>Per tracked local: some operation of the method sets it up (or may), on some path.</summary>
    private readonly bool[] _everReady;

    private HashSet<ILocalSymbol> _startTasks = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);

    private LocalSetRaftFlow(SdkTypes types, ControlFlowGraph graph, FlowCaptures captures, Dictionary<ILocalSymbol, List<IOperation>> creations, HashSet<ILocalSymbol> captured, Action<Diagnostic> report)
    {
        _types = types;
        _captures = captures;
        _conditionalSetRaft = ConditionalSetRaftCaptures(graph, types);
        _report = report;
        _tracked = new Dictionary<ILocalSymbol, int>(SymbolEqualityComparer.Default);
        _locals = new ILocalSymbol[creations.Count];
        _fixLocations = new Location?[creations.Count];
        foreach (KeyValuePair<ILocalSymbol, List<IOperation>> creation in creations)
        {
            int index = _tracked.Count;
            _tracked.Add(creation.Key, index);
            _locals[index] = creation.Key;
            _fixLocations[index] = creation.Value.Count == 1 ? InsertionPoint(creation.Value[0]) : null;
        }

        _everReady = new bool[creations.Count];
        _nested = new NestedPeerCalls(graph, types, _tracked, captured);
    }

    public static void Analyze(ControlFlowGraph root, SdkTypes types, Action<Diagnostic> report)
    {
        HashSet<ILocalSymbol> captured = CapturedLocals.In(root.OriginalOperation);
        var untracked = new HashSet<ILocalSymbol>(captured, SymbolEqualityComparer.Default);
        untracked.ExceptWith(SendOnlyCaptures.In(root.OriginalOperation, captured, types));
        foreach (ControlFlowGraph graph in ControlFlowGraphs.WithNested(root))
        {
            var captures = new FlowCaptures(graph);
            HashSet<ILocalSymbol> startTasks = FindStartTasks(graph, types, captures, captured);
            Dictionary<ILocalSymbol, List<IOperation>> creations = FindCreations(graph, types, captures, untracked, startTasks);
            if (creations.Count > 0)
            {
                var flow = new LocalSetRaftFlow(types, graph, captures, creations, captured, report) { _startTasks = startTasks };
                ForwardFlow.Run(graph, new byte[creations.Count], flow);
                flow.ReportNested();
            }
        }
    }

    public void Apply(IOperation operation, byte[] state, bool report)
    {
        if (report)
        {
            _nested.Apply(operation, state);
        }

        switch (operation)
        {
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when _tracked.TryGetValue(target.Local, out int index):
                if (IsStartValue(_types, _captures, assignment.Value, _startTasks))
                {
                    state[index] = NotReady;
                }
                else
                {
                    SetReady(state, index);
                }

                break;
            case IFlowCaptureOperation capture when _conditionalSetRaft.Contains(capture.Id):
                // comm?.SetRaft(raft): the graph skips SetRaft when comm is null, but then every later call
                // fails on null anyway; count SetRaft as done from the point comm is read.
                foreach (int index in TrackedIndices(capture.Value))
                {
                    SetReady(state, index);
                }

                break;
            case ILocalReferenceOperation:
            case IFlowCaptureReferenceOperation:
                ApplyUse(operation, state, report);
                break;
        }
    }

    private void SetReady(byte[] state, int index)
    {
        state[index] = Ready;
        _everReady[index] = true;
    }

    /// <summary>After the flow: the peer calls inside lambdas and local functions, judged where those run.</summary>
    private void ReportNested()
    {
        foreach ((int index, IOperation call, byte state) in _nested.Reports(_everReady))
        {
            Check(call, index, state);
        }
    }

    /// <summary>The captures that <c>x?.SetRaft(...)</c> creates for its receiver.</summary>
    private static HashSet<CaptureId> ConditionalSetRaftCaptures(ControlFlowGraph graph, SdkTypes types)
    {
        var captures = new HashSet<CaptureId>();
        foreach (IOperation operation in ControlFlowGraphs.AllOperations(graph))
        {
            if (operation is IInvocationOperation { Instance: IFlowCaptureReferenceOperation receiver } invocation
                && CommunicationMembers.Classify(types, invocation.TargetMethod, receiver.Type) == CommunicationMemberKind.SetRaft)
            {
                captures.Add(receiver.Id);
            }
        }

        return captures;
    }

    private void ApplyUse(IOperation reference, byte[] state, bool report)
    {
        List<int> indices = TrackedIndices(reference);
        if (indices.Count == 0)
        {
            return;
        }

        ReceiverUse use = ReceiverUse.Of(reference, _types);
        switch (use.Kind)
        {
            case ReceiverUseKind.Escapes:
            case ReceiverUseKind.Member when use.Member == CommunicationMemberKind.SetRaft:
                foreach (int index in indices)
                {
                    SetReady(state, index);
                }

                break;
            case ReceiverUseKind.Member when use.Member == CommunicationMemberKind.PeerCall && report && indices.Count == 1:
                Check(use.Use!, indices[0], state[indices[0]]);
                break;
        }
    }

    /// <summary>
    /// A receiver is visited before its call, so SetRaft takes effect here a little early: no other
    /// use of the same local can sit between a receiver and its own call, so the result is the same.
    /// </summary>
    private void Check(IOperation call, int index, byte state)
    {
        if ((state & NotReady) == 0)
        {
            return;
        }

        bool somePaths = (state & Ready) != 0;
        string method = ((IInvocationOperation)call).TargetMethod.Name;
        ILocalSymbol local = _locals[index];
        Location? creation = somePaths ? null : _fixLocations[index];
        _report(UseBeforeSetRaftAnalyzer.Create(call, method, local.Name, somePaths ? " on some paths" : string.Empty, creation, local.Name));
    }

    private List<int> TrackedIndices(IOperation reference)
    {
        var indices = new List<int>();
        foreach (IOperation value in _captures.Resolve(reference))
        {
            if (value is ILocalReferenceOperation local && _tracked.TryGetValue(local.Local, out int index) && !indices.Contains(index))
            {
                indices.Add(index);
            }
        }

        return indices;
    }

    private static Dictionary<ILocalSymbol, List<IOperation>> FindCreations(ControlFlowGraph graph, SdkTypes types, FlowCaptures captures, HashSet<ILocalSymbol> untracked, HashSet<ILocalSymbol> startTasks)
    {
        var creations = new Dictionary<ILocalSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
        foreach (IOperation operation in ControlFlowGraphs.AllOperations(graph))
        {
            if (operation is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                && !target.Local.IsRef
                && !untracked.Contains(target.Local)
                && types.IsCommunication(target.Local.Type)
                && IsStartValue(types, captures, assignment.Value, startTasks))
            {
                if (!creations.TryGetValue(target.Local, out List<IOperation>? list))
                {
                    list = new List<IOperation>();
                    creations.Add(target.Local, list);
                }

                list.Add(assignment);
            }
        }

        return creations;
    }

    private static bool IsStartValue(SdkTypes types, FlowCaptures captures, IOperation value, HashSet<ILocalSymbol> startTasks)
    {
        foreach (IOperation resolved in captures.Resolve(value))
        {
            if (!StartMethods.IsStartCall(types, resolved) && !IsAwaitedStartTask(resolved, captures, startTasks))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>await starting</c> (with or without ConfigureAwait) where <c>starting</c> holds only Start tasks.</summary>
    private static bool IsAwaitedStartTask(IOperation value, FlowCaptures captures, HashSet<ILocalSymbol> startTasks)
    {
        if (startTasks.Count == 0 || OperationHelpers.WalkDownConversions(value) is not IAwaitOperation awaited)
        {
            return false;
        }

        IOperation? task = OperationHelpers.WalkDownConversions(awaited.Operation);
        if (task is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: not null } configure)
        {
            task = OperationHelpers.WalkDownConversions(configure.Instance);
        }

        if (task is null)
        {
            return false;
        }

        foreach (IOperation resolved in captures.Resolve(task))
        {
            if (resolved is not ILocalReferenceOperation local || !startTasks.Contains(local.Local))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Task locals every assignment of which is a Start call (<c>var starting = RaftCommunication.StartAsync(...)</c>):
    /// awaiting one creates a communication object just as awaiting the call does.
    /// </summary>
    private static HashSet<ILocalSymbol> FindStartTasks(ControlFlowGraph graph, SdkTypes types, FlowCaptures captures, HashSet<ILocalSymbol> captured)
    {
        var starts = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var others = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (IOperation operation in ControlFlowGraphs.AllOperations(graph))
        {
            if (operation is not ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                || target.Local.Type is not INamedTypeSymbol { IsGenericType: true } taskType
                || !types.IsTaskLike(taskType))
            {
                continue;
            }

            bool start = !target.Local.IsRef && !captured.Contains(target.Local);
            foreach (IOperation resolved in captures.Resolve(assignment.Value))
            {
                start &= OperationHelpers.WalkDownConversions(resolved) is IInvocationOperation && StartMethods.IsStartCall(types, resolved);
            }

            (start ? starts : others).Add(target.Local);
        }

        starts.ExceptWith(others);
        return starts;
    }

    /// <summary>The statement after which the code fix may insert SetRaft: one that sits directly in a block.</summary>
    private static Location? InsertionPoint(IOperation creation)
    {
        StatementSyntax? statement = creation.Syntax.FirstAncestorOrSelf<StatementSyntax>();
        return statement?.Parent is BlockSyntax or GlobalStatementSyntax ? statement.GetLocation() : null;
    }
}
