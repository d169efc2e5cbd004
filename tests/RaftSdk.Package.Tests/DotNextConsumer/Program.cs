using System.Diagnostics;
using System.Text;
using DotNext.Net.Cluster.Consensus.Raft;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RaftSdk.DotNext.Cluster;
using RaftSdk.DotNext.Hosting;
using RaftSdk.Hosting;
using RaftSdk.Tls;

// A project with only the RaftSdk.DotNext package: three DotNext members in this process, each on
// its own RaftSdk listener on 127.0.0.1 (any free port), elect a leader and commit an entry on
// all three; once in plain HTTP, once over mutual TLS with certificates made for this run.
string certificates = Path.Combine(Path.GetTempPath(), "raftsdk-dotnext-consumer-" + Guid.NewGuid().ToString("N"));
try
{
    await ElectAndCommitAsync(tls: null);
    using var ca = DevelopmentCertificateAuthority.Create("RaftSdk.DotNext consumer CA");
    await ElectAndCommitAsync(ca);
    return 0;
}
catch (TimeoutException exception)
{
    Console.WriteLine($"failed: {exception.Message}");
    return 1;
}
finally
{
    if (Directory.Exists(certificates))
    {
        Directory.Delete(certificates, recursive: true);
    }
}

async Task ElectAndCommitAsync(DevelopmentCertificateAuthority? tls)
{
    var hosts = new List<IHost>();
    var members = new List<RaftSdkCluster>();
    try
    {
        for (int i = 1; i <= 3; i++)
        {
            hosts.Add(await StartHostAsync(tls?.WriteNodeFiles(certificates, $"node-{i}")));
        }

        string[] addresses = hosts.Select(h => $"127.0.0.1:{h.Services.GetRequiredService<RaftListenerService>().Port}").ToArray();
        foreach (IHost host in hosts)
        {
            RaftSdkCluster member = host.Services.CreateDotNextMember(new ConsensusOnlyState(), o => o.Members = addresses.ToList());
            members.Add(member);
            await member.StartAsync();
        }

        RaftSdkCluster? leader = null;
        await WaitAsync(() => (leader = Followed(members)) is not null, "one leader that every member follows");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await leader!.ReplicateAsync(new BinaryLogEntry { Term = leader.AuditTrail.Term, Content = Encoding.UTF8.GetBytes("hello") }, timeout.Token);
        long committed = leader.AuditTrail.LastCommittedEntryIndex;
        await WaitAsync(() => members.All(m => m.AuditTrail.LastCommittedEntryIndex >= committed), "the entry committed on every member");

        string scheme = hosts[0].Services.GetRequiredService<RaftListenerService>().Scheme ?? "none";
        Console.WriteLine($"{scheme}: 3 members on 127.0.0.1 elected one leader and committed an entry on all 3");
    }
    finally
    {
        foreach (RaftSdkCluster member in members)
        {
            await member.StopAsync();
            member.Dispose();
        }

        foreach (IHost host in hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}

static RaftSdkCluster? Followed(List<RaftSdkCluster> members)
{
    RaftSdkCluster[] leaders = members.Where(m => m.Leader is { IsRemote: false }).ToArray();
    return leaders.Length == 1 && members.All(m => Equals(m.Leader?.EndPoint, leaders[0].LocalMemberAddress)) ? leaders[0] : null;
}

static async Task<IHost> StartHostAsync(NodeCertificateFiles? tls)
{
    HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
    var settings = new Dictionary<string, string?>
    {
        ["RaftSdk:Port"] = "0",
        ["RaftSdk:BindAddress"] = "127.0.0.1",
        ["RaftSdk:RequestTimeout"] = "00:00:02",
        // Wide: the tests run on shared, loaded machines.
        ["RaftSdk:Cluster:LowerElectionTimeout"] = "1000",
        ["RaftSdk:Cluster:UpperElectionTimeout"] = "2000",
        ["RaftSdk:Cluster:HeartbeatThreshold"] = "0.2",
    };
    if (tls is not null)
    {
        settings["RaftSdk:Tls:KeyFile"] = tls.KeyFile;
        settings["RaftSdk:Tls:CertificateFile"] = tls.CertificateFile;
        settings["RaftSdk:Tls:CaFile"] = tls.CaFile;
    }

    builder.Configuration.AddInMemoryCollection(settings);
    builder.Services.AddRaftSdk(builder.Configuration).AddDotNextCluster(builder.Configuration);
    IHost host = builder.Build();
    await host.StartAsync();
    return host;
}

static async Task WaitAsync(Func<bool> condition, string what)
{
    var clock = Stopwatch.StartNew();
    while (!condition())
    {
        if (clock.Elapsed > TimeSpan.FromSeconds(60))
        {
            throw new TimeoutException($"not within 60 s: {what}");
        }

        await Task.Delay(50);
    }
}
