using Consumer.Protos;
using RaftSdk;

namespace Consumer;

[ProtoMessage(typeof(HelloRequestPb))]
public sealed partial record HelloRequest(string Name, uint Times);

[ProtoMessage(typeof(HelloReplyPb))]
public sealed partial record HelloReply(string Text, NodeId ServedBy);

/// <summary>The consumer's own contract: nothing of changeagent.</summary>
[RaftContract("application/x-greeter+protobuf")]
public interface IGreeter
{
    [RaftRoute("/greeter/v1/hello", ErrorStatusCode = 400)]
    Task<HelloReply> HelloAsync(HelloRequest request, CancellationToken cancellationToken);
}

public sealed class Greeter : IGreeter
{
    public Task<HelloReply> HelloAsync(HelloRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new HelloReply(string.Join(' ', Enumerable.Repeat($"Hello, {request.Name}!", (int)request.Times)), new NodeId(42)));
}
