using System;
using RaftSdk.ChangeAgent.Protobufs;

namespace RaftSdk.ChangeAgent;

/// <summary>The answer to a <see cref="VoteRequest"/>.</summary>
[ProtoMessage(typeof(VoteResponsePb))]
public sealed partial record VoteResponse
{
    /// <summary>
    /// The node that voted. On the wire a RaftSdk server sends its own <see cref="IRaft.MyId"/>
    /// here, whatever the local Raft put in its answer, as the Go original's
    /// <c>handleRequestVote</c> does; so a peer always learns who answered.
    /// </summary>
    public NodeId NodeId { get; init; }

    /// <summary>The address the client dialled; filled by the client, not on the wire.</summary>
    [PeerAddress]
    public string? NodeAddress { get; init; }

    /// <summary>The voter's term.</summary>
    public ulong Term { get; init; }

    /// <summary>Whether the vote was granted.</summary>
    public bool VoteGranted { get; init; }

    /// <summary>
    /// Set, instead of throwing, when a vote request delivered to a channel failed
    /// (see <see cref="ICommunication.RequestVote"/>). Not on the wire.
    /// </summary>
    [NotOnWire]
    public Exception? Error { get; init; }

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant(
        $"VoteResponse{{ Node: {NodeId.Value} Address: {NodeAddress} Term: {Term} Granted: {(VoteGranted ? "true" : "false")} {(Error is null ? string.Empty : "Error: " + Error.Message + " ")} }}");
}
