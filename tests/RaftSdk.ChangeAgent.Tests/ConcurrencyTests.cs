using System.Linq;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent.Tests.Infrastructure;
using RaftSdk.Testing;
using Xunit;

namespace RaftSdk.ChangeAgent.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task A_thousand_appends_from_16_tasks_arrive_complete_and_intact()
    {
        var raft = new OriginalTestRaft();
        await using ICommunication server = await Nodes.StartAsync(raft);
        await using ICommunication client = await Nodes.StartAsync(new OriginalTestRaft(2));
        AppendRequest template = BenchWorkload.Create(2);

        await Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            for (int i = worker; i < 1000; i += 16)
            {
                AppendRequest request = template with { PrevLogIndex = (ulong)i };
                AppendResponse response = await client.AppendAsync(server.Address(), request);
                Assert.Equal(5UL, response.Term);
            }
        })));

        AppendRequest[] received = raft.Appends.OrderBy(a => a.PrevLogIndex).ToArray();
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (ulong)i), received.Select(a => a.PrevLogIndex));
        Assert.All(received, a => Assert.Equal(template with { PrevLogIndex = a.PrevLogIndex }, a));
    }
}
