using System.Linq;
using System.Threading.Tasks;
using RaftSdk.DotNext.Tests.Infrastructure;
using Xunit;

namespace RaftSdk.DotNext.Tests;

/// <summary>DotNext members over real Kestrel listeners on 127.0.0.1, plain and with mutual TLS.</summary>
public sealed class KestrelClusterTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Three_members_elect_one_leader_and_replicate_in_order(bool tls)
    {
        await using var cluster = new KestrelCluster(tls);
        (KestrelHost[] hosts, string[] addresses) = await cluster.StartHostsAsync(3);
        await cluster.StartMembersAsync(hosts, addresses);

        TestMember leader = await cluster.LeaderAsync(cluster.Members);
        string[] written = Enumerable.Range(1, 20).Select(i => $"value-{i}").ToArray();
        foreach (string value in written)
        {
            await leader.WriteAsync(value);
        }

        foreach (TestMember member in cluster.Members)
        {
            await Eventually.HoldsAsync(() => member.StateMachine.Values.Count == written.Length, $"{member.Address} applies {written.Length} values");
            Assert.Equal(written, member.StateMachine.Values);
            Assert.Equal(leader.Address, member.Cluster.Leader?.Address);
        }

        Assert.All(hosts, h => Assert.Equal(tls ? "https" : "http", h.Scheme));
        Assert.Single(cluster.Members, m => m.IsLeader);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_member_that_missed_compacted_entries_is_brought_back_by_a_snapshot(bool tls)
    {
        await using var cluster = new KestrelCluster(tls);
        (KestrelHost[] hosts, string[] addresses) = await cluster.StartHostsAsync(3);
        TestMember first = await cluster.StartMemberAsync(hosts[0], addresses, snapshotEvery: 5);
        TestMember second = await cluster.StartMemberAsync(hosts[1], addresses, snapshotEvery: 5);
        TestMember leader = await cluster.LeaderAsync([first, second]);
        string[] written = Enumerable.Range(1, 23).Select(i => $"before-{i}").ToArray();
        foreach (string value in written)
        {
            await leader.WriteAsync(value);
        }

        // The third member starts only now: what it missed is covered by the leader's snapshot.
        TestMember late = await cluster.StartMemberAsync(hosts[2], addresses, snapshotEvery: 5);
        await Eventually.HoldsAsync(() => late.StateMachine.Values.Count == written.Length, "the late member applies every value");

        Assert.Equal(written, late.StateMachine.Values);
        Assert.Equal(1, late.StateMachine.Restores); // installed from one snapshot, not replayed entry by entry
        Assert.Equal(0, leader.StateMachine.Restores);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_fourth_member_is_added_and_one_removed_at_run_time(bool tls)
    {
        await using var cluster = new KestrelCluster(tls);
        (KestrelHost[] hosts, string[] addresses) = await cluster.StartHostsAsync(3);
        await cluster.StartMembersAsync(hosts, addresses);

        TestMember leader = await cluster.LeaderAsync(cluster.Members);
        await leader.WriteAsync("before-join");

        KestrelHost fourthHost = await cluster.StartHostAsync();
        TestMember fourth = await cluster.StartMemberAsync(fourthHost, members: []); // joins: knows no one until the leader calls
        Assert.True(await leader.Cluster.AddMemberAsync(fourth.Address));
        await leader.WriteAsync("after-join");
        await Eventually.HoldsAsync(() => fourth.StateMachine.Values.Count == 2, "the new member applies both values");
        Assert.Equal(["before-join", "after-join"], fourth.StateMachine.Values);
        await Eventually.HoldsAsync(() => cluster.Members.All(m => m.Cluster.Members.Count == 4), "every member counts four members");

        TestMember removed = cluster.Members.First(m => !m.IsLeader && m != fourth);
        Assert.True(await leader.Cluster.RemoveMemberAsync(removed.Address));
        await removed.Cluster.StopAsync(); // as an operator does once the removal is committed
        TestMember[] remaining = cluster.Members.Where(m => m != removed).ToArray();
        await (await cluster.LeaderAsync(remaining)).WriteAsync("after-leave");
        foreach (TestMember member in remaining)
        {
            await Eventually.HoldsAsync(() => member.StateMachine.Values.Count == 3 && member.Cluster.Members.Count == 3, $"{member.Address} applies the third value and counts three members");
            Assert.DoesNotContain(member.Cluster.Members, m => m.Address == removed.Address);
        }

        Assert.Equal(["before-join", "after-join"], removed.StateMachine.Values);
    }
}
