using System;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.Samples.ClusterNode.Consensus;

/// <summary>
/// The one lock over a node's Raft state, taken with <c>using (await gate.EnterAsync())</c>. Async
/// because the RPC handlers run on server threads that must not block (RAFT106); never held across
/// a network call.
/// </summary>
internal sealed class AsyncGate : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public async ValueTask<Releaser> EnterAsync()
    {
        await _semaphore.WaitAsync().ConfigureAwait(false);
        return new Releaser(_semaphore);
    }

    public void Dispose() => _semaphore.Dispose();

    public readonly struct Releaser : IDisposable
    {
        private readonly SemaphoreSlim _semaphore;

        public Releaser(SemaphoreSlim semaphore) => _semaphore = semaphore;

        public void Dispose() => _semaphore.Release();
    }
}
