using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DotNext.Net.Cluster;
using DotNext.Net.Cluster.Consensus.Raft;
using RaftSdk.DotNext.Contract;
using RaftSdk.DotNext.Entries;

namespace RaftSdk.DotNext.Cluster;

// The server side: the generated dispatcher calls these, and they hand each request to DotNext's
// RaftCluster the way its own TCP and HTTP servers do (a vote from an unknown member is refused;
// PreVote asks about the sender's next term; the configuration goes in before the snapshot).
public sealed partial class RaftSdkCluster : IDotNextRaft
{
    private readonly SemaphoreSlim _snapshotGate = new(1, 1);

    async Task<VoteReply> IDotNextRaft.VoteAsync(VoteRequest request, CancellationToken cancellationToken)
    {
        ClusterMemberId sender = PeerAddresses.ReadSender(request.Sender);
        RaftSdkClusterMember? member = TryGetMember(sender);
        if (member is null)
        {
            return new VoteReply(AuditTrail.Term, Granted: false);
        }

        member.Touch();
        Result<bool> result = await VoteAsync(sender, request.Term, request.LastLogIndex, request.LastLogTerm, request.StateVersion, cancellationToken).ConfigureAwait(false);
        return new VoteReply(result.Term, result.Value);
    }

    async Task<PreVoteReply> IDotNextRaft.PreVoteAsync(VoteRequest request, CancellationToken cancellationToken)
    {
        ClusterMemberId sender = PeerAddresses.ReadSender(request.Sender);
        TryGetMember(sender)?.Touch();
        Result<PreVoteResult> result = await PreVoteAsync(sender, request.Term + 1, request.LastLogIndex, request.LastLogTerm, request.StateVersion, cancellationToken).ConfigureAwait(false);
        return new PreVoteReply(result.Term, (uint)result.Value);
    }

    async Task<AppendEntriesReply> IDotNextRaft.AppendEntriesAsync(AppendEntriesRequest request, CancellationToken cancellationToken)
    {
        ClusterMemberId sender = PeerAddresses.ReadSender(request.Sender);
        TryGetMember(sender)?.Touch();
        await using var entries = new ReceivedEntries(request.Entries);
        Result<ReplicationStatus> result = await AppendEntriesAsync(
            sender, request.Term, entries, request.PrevLogIndex, request.PrevLogTerm, request.CommitIndex, request.StateVersion, cancellationToken).ConfigureAwait(false);
        return new AppendEntriesReply(result.Term, (uint)result.Value.Result, result.Value.LastIndex);
    }

    // As DotNext's HTTP server does: the configuration first, then the snapshot. One snapshot at a
    // time; a second waits (the same leader retrying, or a newer one whose term decides). A length
    // over MaxSnapshotSize is refused before a byte is read; the body is received whole (see
    // ReceivedSnapshot) before DotNext installs it. A failure answers 500 with its reason.
    async Task<SnapshotReply> IDotNextRaft.InstallSnapshotAsync(SnapshotHeader header, Stream body, CancellationToken cancellationToken)
    {
        ClusterMemberId sender = PeerAddresses.ReadSender(header.Sender);
        TryGetMember(sender)?.Touch();
        long? length = header.HasLength ? header.Length : null;
        if (length < 0 || length > Options.MaxSnapshotSize)
        {
            throw new InvalidDataException(
                $"A snapshot of {length} bytes was offered; this member accepts at most {Options.MaxSnapshotSize} (MaxSnapshotSize); it was refused.");
        }

        await _snapshotGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using ReceivedSnapshot snapshot = await ReceivedSnapshot.ReceiveAsync(body, header.SnapshotTerm, length, Options.MaxSnapshotSize, cancellationToken).ConfigureAwait(false);
            var configuration = new ReceivedEntry(new WireLogEntry(header.Term, false, 0, true, header.Configuration));
            await InstallConfigurationAsync(header.Term, configuration, header.ConfigurationVersion, cancellationToken).ConfigureAwait(false);
            Result<HeartbeatResult> result = await InstallSnapshotAsync(sender, header.Term, snapshot, header.SnapshotIndex, header.StateVersion, cancellationToken).ConfigureAwait(false);
            return new SnapshotReply(result.Term, (uint)result.Value, Error: string.Empty);
        }
        finally
        {
            _snapshotGate.Release();
        }
    }

    async Task<ResignReply> IDotNextRaft.ResignAsync(SenderOnly request, CancellationToken cancellationToken)
    {
        TryGetMember(PeerAddresses.ReadSender(request.Sender))?.Touch();
        return new ResignReply(await ResignAsync(cancellationToken).ConfigureAwait(false));
    }

    async Task<SynchronizeReply> IDotNextRaft.SynchronizeAsync(SynchronizeRequest request, CancellationToken cancellationToken)
    {
        TryGetMember(PeerAddresses.ReadSender(request.Sender))?.Touch();
        long? commitIndex = await SynchronizeAsync(request.CommitIndex, cancellationToken).ConfigureAwait(false);
        return new SynchronizeReply(commitIndex.HasValue, commitIndex.GetValueOrDefault());
    }

    Task<MetadataReply> IDotNextRaft.GetMetadataAsync(SenderOnly request, CancellationToken cancellationToken)
    {
        TryGetMember(PeerAddresses.ReadSender(request.Sender))?.Touch();
        return Task.FromResult(new MetadataReply(Metadata.Select(pair => new MetadataEntry(pair.Key, pair.Value)).ToArray()));
    }
}
