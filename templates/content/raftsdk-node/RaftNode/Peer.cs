namespace RaftNode;

/// <summary>This node's side of the contract: what it answers when a peer calls it.</summary>
public sealed class Peer(string name) : IPeer
{
    public Task<PingReply> PingAsync(PingRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new PingReply($"pong from {name} to {request.From}", request.Term));
}
