using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace RaftSdk.Analyzers.Shared;

/// <summary>Enumerates a graph and the graphs of the lambdas and local functions inside it.</summary>
internal static class ControlFlowGraphs
{
    public static IEnumerable<ControlFlowGraph> WithNested(ControlFlowGraph root)
    {
        var pending = new Stack<ControlFlowGraph>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            ControlFlowGraph graph = pending.Pop();
            yield return graph;

            foreach (IMethodSymbol localFunction in graph.LocalFunctions)
            {
                pending.Push(graph.GetLocalFunctionControlFlowGraph(localFunction));
            }

            foreach (IOperation operation in AllOperations(graph))
            {
                if (operation is IFlowAnonymousFunctionOperation lambda)
                {
                    pending.Push(graph.GetAnonymousFunctionControlFlowGraph(lambda));
                }
            }
        }
    }

    /// <summary>A block's statements followed by its branch value, if any.</summary>
    public static IEnumerable<IOperation> Operations(BasicBlock block)
    {
        foreach (IOperation operation in block.Operations)
        {
            yield return operation;
        }

        if (block.BranchValue is not null)
        {
            yield return block.BranchValue;
        }
    }

    /// <summary>Every operation of a graph's own blocks (not of nested graphs), in no particular order.</summary>
    public static IEnumerable<IOperation> AllOperations(ControlFlowGraph graph)
    {
        foreach (BasicBlock block in graph.Blocks)
        {
            foreach (IOperation operation in Operations(block))
            {
                foreach (IOperation descendant in operation.DescendantsAndSelf())
                {
                    yield return descendant;
                }
            }
        }
    }
}
