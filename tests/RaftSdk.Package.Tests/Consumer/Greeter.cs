using Consumer.Protos;
using RaftSdk;

namespace Consumer;

[ProtoMessage(typeof(HelloRequestPb))]
public sealed partial record HelloRequest(string Name, uint Times);

[ProtoMessage(typeof(HelloReplyPb))]
public sealed partial record HelloReply(string Text, ServerId ServedBy);

/// <summary>A one-value struct of the consumer's own: the generator maps it to its field like any other.</summary>
public readonly record struct ServerId(ulong Value);

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
        Task.FromResult(new HelloReply(string.Join(' ', Enumerable.Repeat($"Hello, {request.Name}!", (int)request.Times)), new ServerId(42)));
}
