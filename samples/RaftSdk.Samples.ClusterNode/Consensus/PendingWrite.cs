using System;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent;

namespace RaftSdk.Samples.ClusterNode.Consensus;

/// <summary>A client's entry on its way through the leader: answered with its index once applied, or failed.</summary>
internal sealed class PendingWrite
{
    private readonly TaskCompletionSource<ulong> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingWrite(Entry entry)
    {
        Entry = entry;
    }

    public Entry Entry { get; }

    /// <summary>The term the leader appended it in; an entry at its index of another term means it was overwritten.</summary>
    public ulong Term { get; set; }

    public Task<ulong> Completion => _completion.Task;

    public void Complete(ulong index) => _completion.TrySetResult(index);

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}
