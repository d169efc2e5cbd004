using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace RaftSdk.Analyzers.Shared;

/// <summary>
/// A small forward "may" dataflow over a <see cref="ControlFlowGraph"/>. The state holds one byte of flag
/// bits per tracked variable; where paths meet the bits are OR-ed, so a bit says "on some path that
/// reaches here ...". A rule sets one bit for "the property holds" and another for "it does not" and
/// reads "on every path" as "only the first bit is set".
/// </summary>
/// <remarks>
/// Blocks that begin a catch or finally region have no predecessors in Roslyn's graphs; they start with
/// no bits set, which every rule treats as "nothing known", so the rules stay silent there rather than guess
/// (a finally is also entered from wherever the try threw). A branch that leaves a try normally runs its
/// finally regions on the way (<see cref="ControlFlowBranch.FinallyRegions"/>): what they do, such as a
/// <c>Close()</c>, is applied to the state that reaches the branch's destination.
/// </remarks>
internal static class ForwardFlow
{
    public static void Run(ControlFlowGraph graph, byte[] entryState, IFlowTransfer transfer)
    {
        int width = entryState.Length;
        int count = graph.Blocks.Length;
        byte[][] inStates = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            inStates[i] = new byte[width];
        }

        entryState.CopyTo(inStates[0], 0);

        // Every block starts queued so that region entries without predecessors are visited too.
        var queue = new Queue<int>();
        bool[] queued = new bool[count];
        for (int i = 0; i < count; i++)
        {
            queue.Enqueue(i);
            queued[i] = true;
        }

        byte[] state = new byte[width];
        while (queue.Count > 0)
        {
            int ordinal = queue.Dequeue();
            queued[ordinal] = false;
            BasicBlock block = graph.Blocks[ordinal];
            if (!block.IsReachable)
            {
                continue;
            }

            inStates[ordinal].CopyTo(state, 0);
            ApplyBlock(block, state, transfer, report: false);
            Propagate(graph, transfer, block.FallThroughSuccessor, state, inStates, queue, queued);
            Propagate(graph, transfer, block.ConditionalSuccessor, state, inStates, queue, queued);
        }

        foreach (BasicBlock block in graph.Blocks)
        {
            if (block.IsReachable)
            {
                inStates[block.Ordinal].CopyTo(state, 0);
                ApplyBlock(block, state, transfer, report: true);
            }
        }
    }

    private static void Propagate(ControlFlowGraph graph, IFlowTransfer transfer, ControlFlowBranch? branch, byte[] state, byte[][] inStates, Queue<int> queue, bool[] queued)
    {
        BasicBlock? destination = branch?.Destination;
        if (destination is null)
        {
            return;
        }

        if (!branch!.FinallyRegions.IsEmpty)
        {
            byte[] through = (byte[])state.Clone();
            foreach (ControlFlowRegion region in branch.FinallyRegions)
            {
                through = ThroughFinally(graph, transfer, region, through);
            }

            state = through;
        }

        byte[] target = inStates[destination.Ordinal];
        bool changed = false;
        for (int i = 0; i < state.Length; i++)
        {
            byte merged = (byte)(target[i] | state[i]);
            if (merged != target[i])
            {
                target[i] = merged;
                changed = true;
            }
        }

        if (changed && !queued[destination.Ordinal])
        {
            queue.Enqueue(destination.Ordinal);
            queued[destination.Ordinal] = true;
        }
    }

    /// <summary>
    /// The state after a finally region runs from <paramref name="entry"/>: a small flow over the
    /// region's blocks, without reporting (uses inside the finally are judged by the main pass), ending
    /// at the blocks that leave the region.
    /// </summary>
    private static byte[] ThroughFinally(ControlFlowGraph graph, IFlowTransfer transfer, ControlFlowRegion region, byte[] entry)
    {
        int first = region.FirstBlockOrdinal;
        int count = region.LastBlockOrdinal - first + 1;
        byte[][] inStates = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            inStates[i] = new byte[entry.Length];
        }

        entry.CopyTo(inStates[0], 0);
        byte[] exit = new byte[entry.Length];
        var queue = new Queue<int>();
        bool[] queued = new bool[count];
        queue.Enqueue(0);
        queued[0] = true;
        byte[] state = new byte[entry.Length];
        while (queue.Count > 0)
        {
            int index = queue.Dequeue();
            queued[index] = false;
            BasicBlock block = graph.Blocks[first + index];
            inStates[index].CopyTo(state, 0);
            ApplyBlock(block, state, transfer, report: false);
            foreach (ControlFlowBranch? branch in new[] { block.FallThroughSuccessor, block.ConditionalSuccessor })
            {
                if (branch is null)
                {
                    continue;
                }

                int target = branch.Destination is null ? -1 : branch.Destination.Ordinal - first;
                byte[] into = target >= 0 && target < count ? inStates[target] : exit;
                bool changed = false;
                for (int i = 0; i < state.Length; i++)
                {
                    byte merged = (byte)(into[i] | state[i]);
                    if (merged != into[i])
                    {
                        into[i] = merged;
                        changed = true;
                    }
                }

                if (changed && into != exit && !queued[target])
                {
                    queue.Enqueue(target);
                    queued[target] = true;
                }
            }
        }

        return exit;
    }

    private static void ApplyBlock(BasicBlock block, byte[] state, IFlowTransfer transfer, bool report)
    {
        foreach (IOperation operation in block.Operations)
        {
            ApplyPostOrder(operation, state, transfer, report);
        }

        if (block.BranchValue is not null)
        {
            ApplyPostOrder(block.BranchValue, state, transfer, report);
        }
    }

    /// <summary>Children before parents: a call's receiver and arguments are evaluated before the call happens.</summary>
    private static void ApplyPostOrder(IOperation root, byte[] state, IFlowTransfer transfer, bool report)
    {
        // Iterative, so that a very deep expression cannot overflow the stack of the compiler's thread.
        var stack = new Stack<(IOperation Operation, bool ChildrenDone)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            (IOperation operation, bool childrenDone) = stack.Pop();
            if (childrenDone)
            {
                transfer.Apply(operation, state, report);
                continue;
            }

            stack.Push((operation, true));
            var children = new List<IOperation>(operation.ChildOperations);
            for (int i = children.Count - 1; i >= 0; i--)
            {
                stack.Push((children[i], false));
            }
        }
    }
}
