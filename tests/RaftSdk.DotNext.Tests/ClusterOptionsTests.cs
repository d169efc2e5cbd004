using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using DotNext.Net.Cluster.Consensus.Raft;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RaftSdk.DotNext.Cluster;
using RaftSdk.DotNext.Contract;
using RaftSdk.DotNext.Hosting;
using RaftSdk.Hosting;
using RaftSdk.Testing;
using Xunit;

namespace RaftSdk.DotNext.Tests;

/// <summary>
/// The cluster settings: bound from <c>RaftSdk:Cluster</c> and checked when the host starts, or set
/// in code and checked when the member is made; every problem named by its key.
/// </summary>
public sealed class ClusterOptionsTests
{
    private static readonly Dictionary<string, string?> Listener = new()
    {
        ["RaftSdk:Port"] = "0",
        ["RaftSdk:BindAddress"] = "127.0.0.1",
    };

    [Fact]
    public void A_member_with_bad_settings_set_in_code_is_not_made_and_every_problem_is_named_by_property()
    {
        var options = new RaftSdkClusterOptions
        {
            PublicAddress = "http://n1:1",
            Members = ["n1:1", "n2", "n1:1"],
            LowerElectionTimeout = 300,
            UpperElectionTimeout = 300,
            HeartbeatThreshold = 1.5,
            WarmupRounds = 0,
            MaxSnapshotSize = -1,
        };
        var network = new InMemoryNetwork();
        using var state = new ConsensusOnlyState();

        var error = Assert.Throws<ArgumentException>(() => new RaftSdkCluster(options, new DotNextRaftClient(network.CreateClientCore("n1:1", DotNextRaftClient.ContentType)), state));

        Assert.Equal(
            "The cluster settings are not valid: "
            + "PublicAddress: 'http://n1:1' is not a member address: it must be host:port (no scheme, no path) with a port from 1 to 65535; "
            + "Members:1: 'n2' is not a member address: it must be host:port (no scheme, no path) with a port from 1 to 65535; "
            + "Members:2: 'n1:1' is listed twice; "
            + "Members: does not list PublicAddress 'http://n1:1' (list every initial member, this one included, or none for a member that joins a running cluster); "
            + "LowerElectionTimeout: 300 must be positive and below UpperElectionTimeout (300); "
            + "HeartbeatThreshold: 1.5 must be between 0 and 1 (a fraction of the lower election timeout); "
            + "WarmupRounds: 0 must be positive; "
            + "MaxSnapshotSize: -1 must be positive. (Parameter 'options')",
            error.Message);
    }

    [Fact]
    public async Task Settings_are_bound_from_the_RaftSdk_Cluster_section_and_the_member_is_called_at_the_listeners_address()
    {
        using IHost host = Build(new Dictionary<string, string?>(Listener)
        {
            ["RaftSdk:Cluster:Members"] = "127.0.0.1:7001, 127.0.0.1:7002",
            ["RaftSdk:Cluster:LowerElectionTimeout"] = "400",
            ["RaftSdk:Cluster:UpperElectionTimeout"] = "900",
            ["RaftSdk:Cluster:HeartbeatThreshold"] = "0.25",
            ["RaftSdk:Cluster:WarmupRounds"] = "4",
            ["RaftSdk:Cluster:Standby"] = "true",
            ["RaftSdk:Cluster:IsLeaderLeaseEnabled"] = "false",
            ["RaftSdk:Cluster:MaxSnapshotSize"] = "1048576",
            ["RaftSdk:Cluster:Metadata:http"] = "127.0.0.1:8080",
        });
        await host.StartAsync();
        try
        {
            RaftSdkClusterOptions bound = host.Services.GetRequiredService<IOptions<RaftSdkClusterOptions>>().Value;
            Assert.Equal(string.Empty, bound.PublicAddress);
            Assert.Equal(["127.0.0.1:7001", "127.0.0.1:7002"], bound.Members);
            Assert.Equal((400, 900, 0.25, 4, true, false, 1048576L), (bound.LowerElectionTimeout, bound.UpperElectionTimeout, bound.HeartbeatThreshold, bound.WarmupRounds, bound.Standby, bound.IsLeaderLeaseEnabled, bound.MaxSnapshotSize));
            Assert.Equal(new Dictionary<string, string> { ["http"] = "127.0.0.1:8080" }, bound.Metadata);

            // The member's own copy: its address from the listener, the members completed in code.
            using var state = new ConsensusOnlyState();
            string self = $"127.0.0.1:{host.Services.GetRequiredService<RaftListenerService>().Port}";
            using RaftSdkCluster member = host.Services.CreateDotNextMember(state, o => o.Members.Add(self));

            Assert.Equal(self, member.Options.PublicAddress);
            Assert.Equal(["127.0.0.1:7001", "127.0.0.1:7002", self], member.Options.Members);
            Assert.Equal(400, member.Options.LowerElectionTimeout);
            Assert.Same(member, host.Services.GetRequiredService<DotNextClusterHost>().Cluster);
            Assert.Equal(["127.0.0.1:7001", "127.0.0.1:7002"], bound.Members); // the shared settings are left as bound
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void Members_bind_from_indexed_keys_as_well()
    {
        using IHost host = Build(new Dictionary<string, string?>(Listener)
        {
            ["RaftSdk:Cluster:PublicAddress"] = "node-1.example:7001",
            ["RaftSdk:Cluster:Members:0"] = "node-1.example:7001",
            ["RaftSdk:Cluster:Members:1"] = "node-2.example:7001",
        });

        RaftSdkClusterOptions bound = host.Services.GetRequiredService<IOptions<RaftSdkClusterOptions>>().Value;

        Assert.Equal("node-1.example:7001", bound.PublicAddress);
        Assert.Equal(["node-1.example:7001", "node-2.example:7001"], bound.Members);
    }

    [Fact]
    public async Task Bad_settings_in_the_section_stop_the_host_at_start_and_every_problem_names_its_key()
    {
        using IHost host = Build(new Dictionary<string, string?>(Listener)
        {
            ["RaftSdk:Cluster:PublicAddress"] = "127.0.0.1:0",
            ["RaftSdk:Cluster:Members:0"] = "127.0.0.1:7001",
            ["RaftSdk:Cluster:Members:1"] = "127.0.0.1:7001",
            ["RaftSdk:Cluster:LowerElectionTimeout"] = "fast",
            ["RaftSdk:Cluster:UpperElectionTimeout"] = "100",
            ["RaftSdk:Cluster:HeartbeatThreshold"] = "1",
            ["RaftSdk:Cluster:Standby"] = "maybe",
            ["RaftSdk:Cluster:MaxSnapshotSize"] = "1MiB",
            ["RaftSdk:Cluster:ElectionTimeout"] = "300",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
            "RaftSdk:Cluster:ElectionTimeout: not a cluster setting (known: PublicAddress, Members, LowerElectionTimeout, UpperElectionTimeout, HeartbeatThreshold, WarmupRounds, Standby, IsLeaderLeaseEnabled, MaxSnapshotSize, Metadata); "
            + "RaftSdk:Cluster:LowerElectionTimeout: 'fast' is not a whole number of milliseconds; "
            + "RaftSdk:Cluster:MaxSnapshotSize: '1MiB' is not a number of bytes; "
            + "RaftSdk:Cluster:Standby: 'maybe' is not true or false; "
            + "RaftSdk:Cluster:PublicAddress: '127.0.0.1:0' is not a member address: it must be host:port (no scheme, no path) with a port from 1 to 65535; "
            + "RaftSdk:Cluster:Members:1: '127.0.0.1:7001' is listed twice; "
            + "RaftSdk:Cluster:Members: does not list RaftSdk:Cluster:PublicAddress '127.0.0.1:0' (list every initial member, this one included, or none for a member that joins a running cluster); "
            + "RaftSdk:Cluster:LowerElectionTimeout: 150 must be positive and below RaftSdk:Cluster:UpperElectionTimeout (100); "
            + "RaftSdk:Cluster:HeartbeatThreshold: 1 must be between 0 and 1 (a fraction of the lower election timeout)",
            error.Message);
        Assert.False(host.Services.GetRequiredService<RaftListenerService>().IsListening);
    }

    [Fact]
    public async Task Without_the_configuration_the_Cluster_section_is_an_unknown_RaftSdk_setting_and_with_it_a_known_one()
    {
        var settings = new Dictionary<string, string?>(Listener) { ["RaftSdk:Cluster:LowerElectionTimeout"] = "200", ["RaftSdk:Prot"] = "1" };
        using IHost without = Build(settings, bind: false);
        using IHost with = Build(settings);

        var unbound = await Assert.ThrowsAsync<OptionsValidationException>(() => without.StartAsync());
        var bound = await Assert.ThrowsAsync<OptionsValidationException>(() => with.StartAsync());

        Assert.Equal(
            "RaftSdk:Cluster: not a RaftSdk setting (known: Port, BindAddress, ShutdownTimeout, MaxRequestBodySize, RequestTimeout, MaxResponseBodySize, Tls); "
            + "RaftSdk:Prot: not a RaftSdk setting (known: Port, BindAddress, ShutdownTimeout, MaxRequestBodySize, RequestTimeout, MaxResponseBodySize, Tls)",
            unbound.Message);
        Assert.Equal("RaftSdk:Prot: not a RaftSdk setting (known: Port, BindAddress, ShutdownTimeout, MaxRequestBodySize, RequestTimeout, MaxResponseBodySize, Tls, Cluster)", bound.Message);
    }

    [Fact]
    public async Task Settings_changed_in_code_after_the_binding_are_the_ones_checked_and_used()
    {
        using IHost host = Build(
            new Dictionary<string, string?>(Listener) { ["RaftSdk:Cluster:LowerElectionTimeout"] = "400", ["RaftSdk:Cluster:UpperElectionTimeout"] = "300" },
            configure: o => o.UpperElectionTimeout = 800);
        await host.StartAsync();
        try
        {
            Assert.Equal((400, 800), (host.Services.GetRequiredService<IOptions<RaftSdkClusterOptions>>().Value.LowerElectionTimeout, host.Services.GetRequiredService<IOptions<RaftSdkClusterOptions>>().Value.UpperElectionTimeout));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_member_without_an_address_on_a_wildcard_listener_is_refused_with_what_to_set()
    {
        using IHost host = Build(new Dictionary<string, string?> { ["RaftSdk:Port"] = "0", ["RaftSdk:BindAddress"] = "0.0.0.0" });
        await host.StartAsync();
        try
        {
            using var state = new ConsensusOnlyState();
            var error = Assert.Throws<InvalidOperationException>(() => host.Services.CreateDotNextMember(state));

            Assert.Equal("RaftSdk:Cluster:PublicAddress is not set and the listener's bind address 0.0.0.0 is no address a peer can call: set the address peers reach this node at, host:port.", error.Message);
            Assert.Null(host.Services.GetRequiredService<DotNextClusterHost>().Cluster);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static IHost Build(Dictionary<string, string?> settings, bool bind = true, Action<RaftSdkClusterOptions>? configure = null)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        IRaftSdkBuilder raftSdk = builder.Services.AddRaftSdk(builder.Configuration);
        if (bind)
        {
            raftSdk.AddDotNextCluster(builder.Configuration, configure);
        }
        else
        {
            raftSdk.AddDotNextCluster();
        }

        return builder.Build();
    }
}
