using System;
using RaftSdk.ChangeAgent.Protobufs;

namespace RaftSdk.ChangeAgent;

/// <summary>The answer to an <see cref="AppendRequest"/>.</summary>
[ProtoMessage(typeof(AppendResponsePb))]
public sealed partial record AppendResponse
{
    /// <summary>The follower's term.</summary>
    public ulong Term { get; init; }

    /// <summary>Whether the entries were appended.</summary>
    public bool Success { get; init; }

    /// <summary>
    /// Part of the Go type but not of the v0.5.6 wire format: a peer always reads 0 here.
    /// Kept so code ported from Go compiles; never sent.
    /// </summary>
    [NotOnWire]
    public ulong CommitIndex { get; init; }

    /// <summary>The Go original's text.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"AppendResponse{{ Term: {Term} Success: {(Success ? "true" : "false")} CommitIndex: {CommitIndex}  }}");
}
