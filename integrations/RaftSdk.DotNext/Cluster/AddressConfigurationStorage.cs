using System.Collections.Generic;
using System.Net;
using DotNext.Buffers;
using DotNext.Net.Cluster.Consensus.Raft.Membership;

namespace RaftSdk.DotNext.Cluster;

/// <summary>
/// The cluster's membership, kept in memory, with addresses encoded as <c>host:port</c> text.
/// The initial members come from the settings; changes made at run time (add, remove) are
/// replicated through the log and installed by every member, but a restarted member starts again
/// from its settings and learns later changes from the leader.
/// </summary>
internal sealed class AddressConfigurationStorage : InMemoryClusterConfigurationStorage<EndPoint>
{
    public AddressConfigurationStorage(IEnumerable<EndPoint> members)
    {
        Builder builder = CreateInitialConfigurationBuilder();
        foreach (EndPoint member in members)
        {
            builder.Add(member);
        }

        builder.Build();
    }

    protected override void Encode(EndPoint address, ref BufferWriterSlim<byte> writer) => PeerAddresses.Write(address, ref writer);

    protected override EndPoint Decode(ref SequenceReader reader) => PeerAddresses.Read(ref reader);
}
