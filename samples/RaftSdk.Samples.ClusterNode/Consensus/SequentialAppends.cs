using System;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent;

namespace RaftSdk.Samples.ClusterNode.Consensus;

/// <summary>
/// Appends one at a time over request/response calls, each sent once the one before is answered:
/// the order a pipeline keeps, without one. For a node given no pipelines (the receiver tests).
/// </summary>
internal sealed class SequentialAppends(ICommunication communication) : IAppendPipelines
{
    public int Depth => 1;

    public Task<IAppendPipeline> OpenAsync(string address, CancellationToken cancellationToken) => Task.FromResult<IAppendPipeline>(new Chain(communication, address));

    private sealed class Chain(ICommunication communication, string address) : IAppendPipeline
    {
        private readonly object _gate = new();
        private Task _tail = Task.CompletedTask;

        public Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Task<AppendResponse> call = AfterAsync(_tail, request, cancellationToken);
                _tail = call;
                return call;
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private async Task<AppendResponse> AfterAsync(Task previous, AppendRequest request, CancellationToken cancellationToken)
        {
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return await communication.AppendAsync(address, request, cancellationToken).ConfigureAwait(false);
        }
    }
}
