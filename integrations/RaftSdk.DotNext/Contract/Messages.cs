using System;
using System.Collections.Generic;
using RaftSdk.DotNext.Protobufs;

namespace RaftSdk.DotNext.Contract;

// The records of IDotNextRaft, one per protobuf message of Protos/dotnext_raft.proto. Sender
// fields hold the 16 bytes of DotNext's ClusterMemberId (see MemberIds). Payloads are
// ReadOnlyMemory<byte>: sent without a copy, received as slices of the request's buffer.

/// <summary>RequestVote and PreVote: a candidate (or would-be candidate) asks for a vote.</summary>
[ProtoMessage(typeof(VoteRequestPb))]
public sealed partial record VoteRequest(ReadOnlyMemory<byte> Sender, long Term, long LastLogIndex, long LastLogTerm, int StateVersion);

/// <summary>The answer to RequestVote.</summary>
[ProtoMessage(typeof(VoteReplyPb))]
public sealed partial record VoteReply(long Term, bool Granted);

/// <summary>The answer to PreVote; <see cref="Result"/> is DotNext's <c>PreVoteResult</c>.</summary>
[ProtoMessage(typeof(PreVoteReplyPb))]
public sealed partial record PreVoteReply(long Term, uint Result);

/// <summary>One log entry on the wire: term, command id, the configuration flag and the payload.</summary>
[ProtoMessage(typeof(LogEntryPb))]
public sealed partial record WireLogEntry(long Term, bool HasCommandId, int CommandId, bool IsConfiguration, ReadOnlyMemory<byte> Payload);

/// <summary>AppendEntries (a heartbeat when <see cref="Entries"/> is empty).</summary>
[ProtoMessage(typeof(AppendEntriesRequestPb))]
public sealed partial record AppendEntriesRequest(
    ReadOnlyMemory<byte> Sender, long Term, long PrevLogIndex, long PrevLogTerm, long CommitIndex, int StateVersion, IReadOnlyList<WireLogEntry> Entries);

/// <summary>The answer to AppendEntries; <see cref="Result"/> is DotNext's <c>HeartbeatResult</c>.</summary>
[ProtoMessage(typeof(AppendEntriesReplyPb))]
public sealed partial record AppendEntriesReply(long Term, uint Result, long LastIndex);

/// <summary>
/// The header of InstallSnapshot; the snapshot itself is the request body after it. The
/// configuration is the cluster configuration DotNext sends with the snapshot.
/// <see cref="HasLength"/> says whether <see cref="Length"/> (the body's bytes) is known.
/// </summary>
[ProtoMessage(typeof(SnapshotHeaderPb))]
public sealed partial record SnapshotHeader(
    ReadOnlyMemory<byte> Sender,
    long Term,
    long SnapshotIndex,
    long SnapshotTerm,
    ReadOnlyMemory<byte> Configuration,
    long ConfigurationVersion,
    int StateVersion,
    bool HasLength,
    long Length);

/// <summary>The answer to InstallSnapshot: the member's term and DotNext's <c>HeartbeatResult</c>, or (with status 500) why it failed.</summary>
[ProtoMessage(typeof(SnapshotReplyPb))]
public sealed partial record SnapshotReply(long Term, uint Result, string Error);

/// <summary>A request that carries only its sender (Resign, Metadata).</summary>
[ProtoMessage(typeof(SenderPb))]
public sealed partial record SenderOnly(ReadOnlyMemory<byte> Sender);

/// <summary>The answer to Resign.</summary>
[ProtoMessage(typeof(ResignReplyPb))]
public sealed partial record ResignReply(bool Resigned);

/// <summary>Synchronize: a member asks the leader to confirm its commit index (read barriers, leases).</summary>
[ProtoMessage(typeof(SynchronizeRequestPb))]
public sealed partial record SynchronizeRequest(ReadOnlyMemory<byte> Sender, long CommitIndex);

/// <summary>The answer to Synchronize: the leader's commit index, or none when it is not the leader.</summary>
[ProtoMessage(typeof(SynchronizeReplyPb))]
public sealed partial record SynchronizeReply(bool HasCommitIndex, long CommitIndex);

/// <summary>One metadata pair.</summary>
[ProtoMessage(typeof(MetadataEntryPb))]
public sealed partial record MetadataEntry(string Key, string Value);

/// <summary>The answer to Metadata: the member's metadata pairs.</summary>
[ProtoMessage(typeof(MetadataReplyPb))]
public sealed partial record MetadataReply(IReadOnlyList<MetadataEntry> Entries);
