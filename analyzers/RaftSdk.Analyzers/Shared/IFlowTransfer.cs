using Microsoft.CodeAnalysis;

namespace RaftSdk.Analyzers.Shared;

/// <summary>The per-operation step of a <see cref="ForwardFlow"/> analysis.</summary>
internal interface IFlowTransfer
{
    /// <summary>
    /// Applies the effect of <paramref name="operation"/> to <paramref name="state"/>. Operations arrive in
    /// evaluation order (children before their parent). <paramref name="report"/> is false while the
    /// analysis is still iterating to a fixed point and true in the single final pass, the only one that may report.
    /// </summary>
    void Apply(IOperation operation, byte[] state, bool report);
}
