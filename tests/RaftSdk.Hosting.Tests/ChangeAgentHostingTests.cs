using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using RaftSdk.ChangeAgent;
using RaftSdk.Hosting.Tests.Infrastructure;
using RaftSdk.Testing;
using Xunit;

namespace RaftSdk.Hosting.Tests;

/// <summary>The changeagent communication module from DI, with its SetRaft rule intact.</summary>
public sealed class ChangeAgentHostingTests
{
    [Fact]
    public async Task On_the_separate_listener_SetRaft_still_comes_first()
    {
        HostApplicationBuilder builder = TestHosts.Generic(TestHosts.Settings());
        builder.Services.AddRaftSdk(builder.Configuration).AddChangeAgent();
        builder.Services.AddHealthChecks().AddRaftSdk();
        using IHost host = builder.Build();
        await host.StartAsync();
        ICommunication node = host.Services.GetRequiredService<ICommunication>();
        string address = "127.0.0.1:" + node.Port;
        HealthCheckService health = host.Services.GetRequiredService<HealthCheckService>();

        var notSet = Assert.Throws<InvalidOperationException>(() => { _ = node.DiscoverAsync(address); });
        using HttpResponseMessage early = await TestHosts.Http.GetAsync($"http://{address}/raft/id");
        string earlyText = await early.Content.ReadAsStringAsync();
        HealthReport before = await health.CheckHealthAsync();
        node.SetRaft(new OriginalTestRaft(id: 9));
        NodeId id = await node.DiscoverAsync(address);
        HealthReport after = await health.CheckHealthAsync();

        Assert.InRange(node.Port, 1, 65535);
        Assert.StartsWith("SetRaft must be called", notSet.Message);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
        Assert.Equal("Raft not set: SetRaft has not been called on this node\n", earlyText);
        Assert.Equal("IRaft has no implementation set (its routes answer 503)", before.Entries["raftsdk"].Description);
        Assert.Equal(new NodeId(9), id);
        Assert.Equal(HealthStatus.Healthy, after.Status);
        await host.StopAsync();
    }

    [Fact]
    public async Task Mapped_onto_a_web_app_it_is_StartHttpCommunication()
    {
        WebApplicationBuilder builder = TestHosts.Web(TestHosts.Settings());
        builder.Services.AddRaftSdk(builder.Configuration).AddChangeAgent(separateListener: false);
        await using WebApplication app = builder.Build();
        app.MapChangeAgent();
        app.MapGet("/other", () => "the app's own route");
        await app.StartAsync();
        string address = "127.0.0.1:" + TestHosts.AppPort(app);
        ICommunication node = app.Services.GetRequiredService<ICommunication>();
        node.SetRaft(new OriginalTestRaft(id: 3));

        NodeId id = await node.DiscoverAsync(address);
        string other = await TestHosts.Http.GetStringAsync($"http://{address}/other");

        Assert.Equal(0, node.Port);
        Assert.Equal(new NodeId(3), id);
        Assert.Equal("the app's own route", other);
        await app.StopAsync();
    }
}
