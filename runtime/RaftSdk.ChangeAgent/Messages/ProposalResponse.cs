using System;
using RaftSdk.ChangeAgent.Protobufs;

namespace RaftSdk.ChangeAgent;

/// <summary>The answer to a proposal or a join.</summary>
[ProtoMessage(typeof(ProposalResponsePb))]
public sealed partial record ProposalResponse
{
    /// <summary>The index the leader gave the new entry.</summary>
    public ulong NewIndex { get; init; }

    /// <summary>The remote Raft's error text, or null.</summary>
    public string? Error { get; init; }

    /// <summary>The Go original's text.</summary>
    public override string ToString() => FormattableString.Invariant(
        $"ProposalResponse{{ NewIndex: {NewIndex} {(string.IsNullOrEmpty(Error) ? string.Empty : "Error: " + Error + " ")} }}");
}
