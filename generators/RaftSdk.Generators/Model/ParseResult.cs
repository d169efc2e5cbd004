using RaftSdk.Generators.Common;

namespace RaftSdk.Generators.Model;

/// <summary>A model (null when the input is too broken to emit) and the diagnostics found on the way.</summary>
internal sealed record ParseResult<T>(T? Spec, EquatableArray<DiagnosticInfo> Diagnostics)
    where T : class
{
    /// <summary>
    /// The model built despite errors (the fields that did parse), for checks that still apply,
    /// so that one error does not hide another: the analyzer resolves it to report RAFT022 beside
    /// RAFT021. Never emitted.
    /// </summary>
    public T? Partial { get; init; }
}
