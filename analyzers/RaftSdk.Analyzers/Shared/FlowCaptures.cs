using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace RaftSdk.Analyzers.Shared;

/// <summary>
/// The values behind the flow captures of one graph. Roslyn lowers <c>x?.M()</c>, <c>a ?? b</c> and
/// conditional expressions into captures, so a receiver may reach a rule as a capture reference rather
/// than as the variable itself.
/// </summary>
internal sealed class FlowCaptures
{
    private readonly Dictionary<CaptureId, List<IOperation>> _values = new Dictionary<CaptureId, List<IOperation>>();

    public FlowCaptures(ControlFlowGraph graph)
    {
        foreach (IOperation operation in ControlFlowGraphs.AllOperations(graph))
        {
            if (operation is IFlowCaptureOperation capture)
            {
                if (!_values.TryGetValue(capture.Id, out List<IOperation>? values))
                {
                    values = new List<IOperation>();
                    _values.Add(capture.Id, values);
                }

                values.Add(capture.Value);
            }
        }
    }

    /// <summary>
    /// The values an operation may stand for: the captured values for a capture reference (one per
    /// branch that fills the capture), itself otherwise. Conversions are stripped.
    /// </summary>
    public IReadOnlyList<IOperation> Resolve(IOperation operation)
    {
        IOperation stripped = OperationHelpers.WalkDownConversions(operation)!;
        if (stripped is IFlowCaptureReferenceOperation reference && _values.TryGetValue(reference.Id, out List<IOperation>? values))
        {
            var resolved = new List<IOperation>(values.Count);
            foreach (IOperation value in values)
            {
                resolved.Add(OperationHelpers.WalkDownConversions(value)!);
            }

            return resolved;
        }

        return new[] { stripped };
    }
}
