using RaftSdk.Generators.Common;

namespace RaftSdk.Generators.Model;

/// <summary>A model (null when the input is too broken to emit) and the diagnostics found on the way.</summary>
internal sealed record ParseResult<T>(T? Spec, EquatableArray<DiagnosticInfo> Diagnostics)
    where T : class;
