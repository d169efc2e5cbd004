using System.Threading.Tasks;
using RaftSdk.DotNext.Tests.Infrastructure;
using Xunit;

namespace RaftSdk.DotNext.Tests;

/// <summary>
/// PreVote over real Kestrel listeners, plain and mutual TLS: a member that stops hearing the
/// leader (its inbound link cut, its own calls still going through) asks before it stands, is
/// refused, and neither raises its term nor deposes the healthy leader; once the link is back it
/// follows that leader again.
/// </summary>
public sealed class PreVoteOverKestrelTests
{
    private const string PreVoteRoute = "/dotnext/v1/prevote";
    private const string VoteRoute = "/dotnext/v1/vote";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_member_that_no_longer_hears_the_leader_neither_raises_its_term_nor_deposes_the_leader(bool tls)
    {
        await using var cluster = new KestrelCluster(tls);
        (KestrelHost[] hosts, _) = await cluster.StartHostsAsync(3);
        await using var link = new InboundCut(hosts[2].Port); // the third member's peers call it through this link
        string[] members = [hosts[0].Address, hosts[1].Address, link.Address];
        TestMember first = await cluster.StartMemberAsync(hosts[0], members);
        TestMember second = await cluster.StartMemberAsync(hosts[1], members);
        TestMember leader = await cluster.LeaderAsync([first, second]);
        TestMember isolated = await cluster.StartMemberAsync(hosts[2], members, address: link.Address);
        await leader.WriteAsync("first");
        await Eventually.HoldsAsync(() => isolated.StateMachine.Values.Count == 1, "the third member applies the first value");
        long term = leader.Cluster.AuditTrail.Term;

        using var calls = new CallCounter([hosts[0].Port, hosts[1].Port]);
        link.Cut();
        // Evidence that it tried to stand, rather than a fixed wait: two rounds of pre-votes answered by both peers.
        await Eventually.HoldsAsync(() => calls.Answered(PreVoteRoute) >= 4, "the cut-off member asks its peers for pre-votes in two rounds", seconds: 60);

        Assert.Equal(term, isolated.Cluster.AuditTrail.Term);
        Assert.Equal(0, calls.Answered(VoteRoute)); // refused at the pre-vote, it never asked for a real vote
        Assert.True(leader.IsLeader);
        Assert.All(cluster.Members, m => Assert.Equal(term, m.Cluster.AuditTrail.Term));

        link.Heal();
        await leader.WriteAsync("second");
        await Eventually.HoldsAsync(() => isolated.StateMachine.Values.Count == 2, "the third member applies the value written after the heal");
        Assert.Equal(["first", "second"], isolated.StateMachine.Values);
        Assert.Equal(leader.Address, isolated.Cluster.Leader?.Address);
        Assert.True(leader.IsLeader);
        Assert.All(cluster.Members, m => Assert.Equal(term, m.Cluster.AuditTrail.Term));
    }
}
