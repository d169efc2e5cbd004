using RaftSdk.ChangeAgent;
using RaftSdk.Samples.ClusterNode.StateMachine;

namespace RaftSdk.Samples.ClusterNode.Consensus;

/// <summary>
/// The leader's answers to a proposed write. changeagent's ProposalResponse has only NewIndex and
/// Error, so a write that was not appended because it was applied before says so in Error, with the
/// original index in NewIndex: the node that forwarded it tells that from a failure by this text.
/// </summary>
internal static class ProposalAnswers
{
    public const string Duplicate = "duplicate: this client's write of this seq was applied before, at NewIndex; not applied again";
    public const string StalePrefix = "stale: ";

    public static ProposalResponse Fresh(ulong index) => new() { NewIndex = index };

    public static ProposalResponse DuplicateOf(ulong originalIndex) => new() { NewIndex = originalIndex, Error = Duplicate };

    /// <summary>The answer for a write whose entry was applied with <paramref name="result"/>.</summary>
    public static ProposalResponse For(ApplyResult result, ClientSession? session) => result.Outcome switch
    {
        ApplyOutcome.Duplicate => DuplicateOf(result.Index),
        ApplyOutcome.Stale => new ProposalResponse
        {
            Error = $"{StalePrefix}client '{session?.Client}' has had seq {result.LastSeq} applied since seq {session?.Seq}; " +
                $"the result of seq {session?.Seq} is no longer kept, and it was not applied again.",
        },
        _ => Fresh(result.Index),
    };
}
