using System;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent;

namespace RaftSdk.Samples.ClusterNode.Consensus;

/// <summary>A client's entry on its way through the leader: answered once applied (see <see cref="ProposalAnswers"/>), or failed.</summary>
internal sealed class PendingWrite
{
    private readonly TaskCompletionSource<ProposalResponse> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingWrite(Entry entry)
    {
        Entry = entry;
    }

    public Entry Entry { get; }

    /// <summary>The term of the entry it waits for; an entry at its index of another term means it was overwritten.</summary>
    public ulong Term { get; set; }

    /// <summary>A retry that waits for the entry of the same client and seq already in the log, instead of an entry of its own.</summary>
    public bool IsRetry { get; set; }

    public Task<ProposalResponse> Completion => _completion.Task;

    public void Complete(ProposalResponse response) => _completion.TrySetResult(response);

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}
