using System;
using RaftSdk.ChangeAgent.Protobufs;

namespace RaftSdk.ChangeAgent;

/// <summary>Sent by a candidate that wants to be elected leader.</summary>
[ProtoMessage(typeof(VoteRequestPb))]
public sealed partial record VoteRequest
{
    /// <summary>The candidate's term.</summary>
    public ulong Term { get; init; }

    /// <summary>The candidate asking for the vote.</summary>
    public NodeId CandidateId { get; init; }

    /// <summary>Index of the candidate's last log entry.</summary>
    public ulong LastLogIndex { get; init; }

    /// <summary>Term of the candidate's last log entry.</summary>
    public ulong LastLogTerm { get; init; }

    /// <summary>The cluster the candidate belongs to.</summary>
    public NodeId ClusterId { get; init; }

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant(
        $"VoteRequest{{ Term: {Term} Candidate: {CandidateId.Value} LastIx: {LastLogIndex} LastTerm: {LastLogTerm} Cluster: {ClusterId.Value} }}");
}
