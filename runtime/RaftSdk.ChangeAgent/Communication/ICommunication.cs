using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace RaftSdk.ChangeAgent;

/// <summary>
/// The cluster communication module of one node: it serves <see cref="IRaft"/> to peers and calls
/// peers by address (<c>host:port</c>, no scheme). Created by the Start methods of
/// <see cref="RaftCommunication"/>. <see cref="SetRaft"/> must be called before anything else.
/// </summary>
public interface ICommunication : IDisposable, IAsyncDisposable
{
    /// <summary>The port this node listens on; 0 when its routes are mapped onto an existing app.</summary>
    int Port { get; }

    /// <summary>Wires up the Raft implementation. Until then peers are answered 503 and calls throw.</summary>
    void SetRaft(IRaft raft);

    /// <summary>Asks the node at <paramref name="address"/> for its ID.</summary>
    Task<NodeId> DiscoverAsync(string address, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a vote request in the background and delivers the answer to
    /// <paramref name="responses"/>; never blocks. A failure is delivered as a response whose
    /// <see cref="VoteResponse.Error"/> is set.
    /// </summary>
    void RequestVote(string address, VoteRequest request, ChannelWriter<VoteResponse> responses, CancellationToken cancellationToken = default);

    /// <summary>Sends a vote request and returns the answer; failures throw.</summary>
    Task<VoteResponse> RequestVoteAsync(string address, VoteRequest request, CancellationToken cancellationToken = default);

    /// <summary>Appends entries on the node at <paramref name="address"/>.</summary>
    Task<AppendResponse> AppendAsync(string address, AppendRequest request, CancellationToken cancellationToken = default);

    /// <summary>Asks the leader at <paramref name="address"/> to propose <paramref name="entry"/>.</summary>
    Task<ProposalResponse> ProposeAsync(string address, Entry entry, CancellationToken cancellationToken = default);

    /// <summary>Sends one catch-up batch to a joining node; its error text comes back in <see cref="ProposalResponse.Error"/>.</summary>
    Task<ProposalResponse> JoinAsync(string address, JoinRequest request, CancellationToken cancellationToken = default);

    /// <summary>Stops serving and releases the client's connections. Same as <see cref="IDisposable.Dispose"/>.</summary>
    void Close();
}
