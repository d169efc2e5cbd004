using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using RaftSdk.Tls;

namespace RaftSdk.DotNext.Tests.Infrastructure;

/// <summary>
/// Hosts on Kestrel (plain or mutual TLS with certificates made for this run) and the DotNext
/// members attached to them. Hosts start first, so every member knows every port.
/// </summary>
internal sealed class KestrelCluster : IAsyncDisposable
{
    private readonly string _certificates = Path.Combine(Path.GetTempPath(), "raftsdk-dotnext-tls-" + Guid.NewGuid().ToString("N"));
    private readonly DevelopmentCertificateAuthority? _ca;
    private int _names;

    public KestrelCluster(bool tls) => _ca = tls ? DevelopmentCertificateAuthority.Create("RaftSdk DotNext Tests CA") : null;

    public List<KestrelHost> Hosts { get; } = [];

    public List<TestMember> Members { get; } = [];

    public async Task<KestrelHost> StartHostAsync()
    {
        KestrelHost host = await KestrelHost.StartAsync(_ca?.WriteNodeFiles(_certificates, $"node-{++_names}"));
        Hosts.Add(host);
        return host;
    }

    /// <summary>Starts <paramref name="count"/> hosts; their addresses are the initial members.</summary>
    public async Task<(KestrelHost[] Hosts, string[] Addresses)> StartHostsAsync(int count)
    {
        var hosts = new KestrelHost[count];
        for (int i = 0; i < count; i++)
        {
            hosts[i] = await StartHostAsync();
        }

        return (hosts, hosts.Select(h => h.Address).ToArray());
    }

    public async Task StartMembersAsync(IEnumerable<KestrelHost> hosts, IReadOnlyList<string> members)
    {
        foreach (KestrelHost host in hosts)
        {
            await StartMemberAsync(host, members);
        }
    }

    /// <summary>Makes the member of <paramref name="host"/>, attaches it and starts it; its peers call it at <paramref name="address"/> (the host's own by default).</summary>
    public async Task<TestMember> StartMemberAsync(KestrelHost host, IEnumerable<string> members, int snapshotEvery = 1000, string? address = null, long snapshotFillerBytes = 0)
    {
        TestMember member = await TestMember.CreateAsync(address ?? host.Address, members, host.Client, snapshotEvery, snapshotFillerBytes: snapshotFillerBytes);
        Members.Add(member);
        host.Members.Attach(member.Cluster);
        await member.Cluster.StartAsync();
        return member;
    }

    public async Task<TestMember> LeaderAsync(IEnumerable<TestMember> among)
    {
        TestMember[] candidates = among.ToArray();
        await Eventually.HoldsAsync(() => candidates.Count(m => m.IsLeader) == 1, "one member leads");
        return candidates.Single(m => m.IsLeader);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (TestMember member in Members)
        {
            await member.DisposeAsync();
        }

        foreach (KestrelHost host in Hosts)
        {
            await host.DisposeAsync();
        }

        _ca?.Dispose();
        try
        {
            Directory.Delete(_certificates, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
