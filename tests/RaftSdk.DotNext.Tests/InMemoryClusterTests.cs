using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using RaftSdk.DotNext.Contract;
using RaftSdk.DotNext.Tests.Infrastructure;
using RaftSdk.Testing;
using Xunit;

namespace RaftSdk.DotNext.Tests;

/// <summary>DotNext members on RaftSdk's in-memory network, where the tests cut and heal links.</summary>
public sealed class InMemoryClusterTests : IAsyncLifetime
{
    private static readonly string[] Addresses = ["n1:1", "n2:1", "n3:1"];
    private readonly InMemoryNetwork _network = new();
    private readonly List<TestMember> _members = [];

    public async Task InitializeAsync()
    {
        foreach (string address in Addresses)
        {
            var client = new DotNextRaftClient(_network.CreateClientCore(address, DotNextRaftClient.ContentType, TimeSpan.FromSeconds(1)));
            TestMember member = await TestMember.CreateAsync(address, Addresses, client);
            _network.AddNode<IDotNextRaft>(address, DotNextRaftDispatcher.Routes, DotNextRaftDispatcher.ContentType, member.Cluster);
            _members.Add(member);
        }

        foreach (TestMember member in _members)
        {
            await member.Cluster.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (TestMember member in _members)
        {
            await member.DisposeAsync();
        }
    }

    [Fact]
    public async Task PreVote_keeps_a_cut_off_member_from_raising_its_term_and_deposing_the_leader()
    {
        TestMember leader = await LeaderAsync(_members);
        await leader.WriteAsync("first");
        long term = leader.Cluster.AuditTrail.Term;
        TestMember follower = _members.First(m => m != leader);

        _network.Partition(follower.Address);
        await Task.Delay(TestMember.UpperElectionTimeout * 3); // several election timeouts: without PreVote it would raise its term each time
        Assert.Equal(term, follower.Cluster.AuditTrail.Term);
        _network.Heal();
        await leader.WriteAsync("second");

        await Eventually.HoldsAsync(() => follower.StateMachine.Values.Count == 2, "the follower applies both values");
        Assert.True(leader.IsLeader);
        Assert.All(_members, m => Assert.Equal(term, m.Cluster.AuditTrail.Term));
        Assert.Equal(["first", "second"], follower.StateMachine.Values);
    }

    [Fact]
    public async Task A_partitioned_leader_is_replaced_and_catches_up_after_the_heal()
    {
        TestMember old = await LeaderAsync(_members);
        await old.WriteAsync("first");
        long term = old.Cluster.AuditTrail.Term;

        _network.Partition(old.Address);
        TestMember[] majority = _members.Where(m => m != old).ToArray();
        TestMember successor = await LeaderAsync(majority);
        await successor.WriteAsync("second");
        _network.Heal();

        await Eventually.HoldsAsync(() => old.StateMachine.Values.Count == 2 && !old.IsLeader, "the old leader follows and applies the write it missed");
        Assert.Equal(["first", "second"], old.StateMachine.Values);
        Assert.True(successor.Cluster.AuditTrail.Term > term);
        Assert.Equal(successor.Address, old.Cluster.Leader?.Address);
    }

    private static async Task<TestMember> LeaderAsync(IReadOnlyCollection<TestMember> among)
    {
        await Eventually.HoldsAsync(() => among.Count(m => m.IsLeader) == 1, "one member leads");
        return among.Single(m => m.IsLeader);
    }
}
