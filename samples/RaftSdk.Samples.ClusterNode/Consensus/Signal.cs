using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace RaftSdk.Samples.ClusterNode.Consensus;

/// <summary>Wakes one waiting loop (a replicator) early; many raises before a wait count as one.</summary>
internal sealed class Signal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Raise() => _channel.Writer.TryWrite(true);

    /// <summary>Waits until raised or until <paramref name="timeout"/> passes, whichever is first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_channel.Reader.TryRead(out _))
        {
            return;
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            _ = await _channel.Reader.ReadAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout passed: time for a heartbeat.
        }
    }
}
