namespace RaftSdk.Samples.ClusterNode.StateMachine;

/// <summary>What applying an entry did: applied now, already applied before (at <see cref="Index"/>), or too old to tell.</summary>
internal readonly record struct ApplyResult(ApplyOutcome Outcome, ulong Index, ulong LastSeq)
{
    public static ApplyResult Applied(ulong index) => new(ApplyOutcome.Applied, index, 0);

    public static ApplyResult Duplicate(ulong originalIndex) => new(ApplyOutcome.Duplicate, originalIndex, 0);

    public static ApplyResult Stale(ulong lastSeq) => new(ApplyOutcome.Stale, 0, lastSeq);
}

internal enum ApplyOutcome
{
    /// <summary>Applied at its own index.</summary>
    Applied,

    /// <summary>The client's write of this seq was applied before, at the result's index; not applied again.</summary>
    Duplicate,

    /// <summary>The client has had a later seq applied since; this one's result is no longer kept, and it is not applied.</summary>
    Stale,
}
