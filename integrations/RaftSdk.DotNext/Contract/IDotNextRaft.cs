using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.DotNext.Contract;

/// <summary>
/// The Raft RPCs of a DotNext cluster member as a RaftSdk contract. The generator turns it into
/// <c>DotNextRaftClient</c> (what <c>RaftSdkClusterMember</c> calls) and
/// <c>DotNextRaftDispatcher</c> (what the listener serves, into <c>RaftSdkCluster</c>).
/// Cluster configuration travels inside it: as log entries flagged <c>IsConfiguration</c> and with
/// the snapshot's header, which is how DotNext 6.12 replicates membership.
/// An exception in the member answers 500.
/// </summary>
[RaftContract(ContentTypeName)]
public interface IDotNextRaft
{
    /// <summary>The Content-Type of every body of this contract.</summary>
    const string ContentTypeName = "application/x-raftsdk-dotnext+protobuf";

    /// <summary>RequestVote.</summary>
    [RaftRoute("/dotnext/v1/vote", ErrorStatusCode = 500)]
    Task<VoteReply> VoteAsync(VoteRequest request, CancellationToken cancellationToken);

    /// <summary>PreVote: would the member vote, without anyone's term changing.</summary>
    [RaftRoute("/dotnext/v1/prevote", ErrorStatusCode = 500)]
    Task<PreVoteReply> PreVoteAsync(VoteRequest request, CancellationToken cancellationToken);

    /// <summary>AppendEntries and heartbeats.</summary>
    [RaftRoute("/dotnext/v1/append", ErrorStatusCode = 500)]
    Task<AppendEntriesReply> AppendEntriesAsync(AppendEntriesRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// InstallSnapshot: the header, then the whole snapshot as the request body, streamed (neither
    /// side holds it in memory). A refusal or failure answers 500 with its reason in <see cref="SnapshotReply.Error"/>.
    /// </summary>
    [RaftRoute("/dotnext/v1/snapshot", ErrorStatusCode = 500, ErrorMember = nameof(SnapshotReply.Error))]
    Task<SnapshotReply> InstallSnapshotAsync(SnapshotHeader header, Stream body, CancellationToken cancellationToken);

    /// <summary>Resign: the leader is asked to step down.</summary>
    [RaftRoute("/dotnext/v1/resign", ErrorStatusCode = 500)]
    Task<ResignReply> ResignAsync(SenderOnly request, CancellationToken cancellationToken);

    /// <summary>Synchronize: the leader's commit index.</summary>
    [RaftRoute("/dotnext/v1/synchronize", ErrorStatusCode = 500)]
    Task<SynchronizeReply> SynchronizeAsync(SynchronizeRequest request, CancellationToken cancellationToken);

    /// <summary>Metadata of the member.</summary>
    [RaftRoute("/dotnext/v1/metadata", ErrorStatusCode = 500)]
    Task<MetadataReply> GetMetadataAsync(SenderOnly request, CancellationToken cancellationToken);
}
