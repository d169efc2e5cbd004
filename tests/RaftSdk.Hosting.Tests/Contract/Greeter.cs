using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent;
using RaftSdk.Hosting.Tests.Contract.Protos;

namespace RaftSdk.Hosting.Tests.Contract;

[ProtoMessage(typeof(HelloRequestPb))]
public sealed partial record HelloRequest(string Name, uint Times);

[ProtoMessage(typeof(HelloReplyPb))]
public sealed partial record HelloReply(string Text, NodeId ServedBy);

[RaftContract("application/x-greeter+protobuf")]
public interface IGreeter
{
    [RaftRoute("/greeter/v1/hello", ErrorStatusCode = 400)]
    Task<HelloReply> HelloAsync(HelloRequest request, CancellationToken cancellationToken);
}

/// <summary>Answers "hello, {name}" Times times; a name of "slow" waits for <see cref="ReleaseSlow"/>; records arrivals.</summary>
public sealed class Greeter(ulong id = 7) : IGreeter
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<string> Arrivals { get; } = new();

    public TaskCompletionSource SlowStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseSlow() => _release.TrySetResult();

    public async Task<HelloReply> HelloAsync(HelloRequest request, CancellationToken cancellationToken)
    {
        Arrivals.Enqueue(request.Name);
        if (request.Name == "slow")
        {
            SlowStarted.TrySetResult();
            await _release.Task.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        }

        if (request.Name.Length == 0)
        {
            throw new ArgumentException("a name is required");
        }

        string text = string.Join(" ", System.Linq.Enumerable.Repeat("hello, " + request.Name, (int)Math.Max(1, request.Times)));
        return new HelloReply(text, new NodeId(id));
    }
}
