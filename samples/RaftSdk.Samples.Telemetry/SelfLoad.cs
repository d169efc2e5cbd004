using System;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent;

namespace RaftSdk.Samples.Telemetry;

/// <summary>
/// Steady calls of the node to itself until stopped (the sample's <c>--load</c>), so a scraper sees
/// rates, latencies, sizes and failures move: appends with a growing batch of entries, a discovery
/// now and then, a proposal the Raft refuses (every 25th call) and one call to a port where
/// nothing listens (every 50th).
/// </summary>
internal static class SelfLoad
{
    public static async Task RunAsync(ICommunication node, string self, CancellationToken stopping)
    {
        var entries = new Entry[64];
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i] = new Entry { Index = (ulong)i + 1, Term = 1, Data = new byte[32 * (i + 1)] };
        }

        for (long call = 1; !stopping.IsCancellationRequested; call++)
        {
            try
            {
                if (call % 50 == 0)
                {
                    await node.DiscoverAsync("127.0.0.1:1", stopping);
                }
                else if (call % 25 == 0)
                {
                    await node.ProposeAsync(self, new Entry { Term = 1 }, stopping);   // refused by SampleRaft: a server failure
                }
                else if (call % 10 == 0)
                {
                    await node.DiscoverAsync(self, stopping);
                }
                else
                {
                    await node.AppendAsync(self, new AppendRequest { Term = 1, LeaderId = new NodeId(1), Entries = entries[..(int)(call % entries.Length + 1)] }, stopping);
                }
            }
            catch (RaftTransportException)
            {
                // The failing calls are the point: they show in raftsdk.client.failures.
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
