using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;
using RaftSdk.ChangeAgent;
using RaftSdk.Hosting.Tests.Contract;
using RaftSdk.Hosting.Tests.Infrastructure;
using Xunit;

namespace RaftSdk.Hosting.Tests;

/// <summary>A node of a generated contract run by the .NET host, on a web app and on the separate listener.</summary>
public sealed class HostedNodeTests
{
    [Fact]
    public async Task A_web_app_serves_the_contract_and_a_client_from_DI_calls_it()
    {
        var greeter = new Greeter(id: 42);
        WebApplicationBuilder builder = TestHosts.Web(TestHosts.Settings(("RaftSdk:RequestTimeout", "00:00:20")));
        builder.Services.AddSingleton<IGreeter>(greeter);
        builder.Services.AddRaftSdk(builder.Configuration).AddClient<GreeterClient>(GreeterClient.ContentType);
        builder.Services.AddHealthChecks().AddRaftSdk();
        await using WebApplication app = builder.Build();
        app.MapRaftContract<IGreeter>(GreeterDispatcher.Routes, GreeterDispatcher.ContentType);
        app.MapHealthChecks("/healthz");
        await app.StartAsync();
        string address = "127.0.0.1:" + TestHosts.AppPort(app);

        GreeterClient client = app.Services.GetRequiredService<GreeterClient>();
        HelloReply reply = await client.HelloAsync(address, new HelloRequest("you", 2));
        string health = await TestHosts.Http.GetStringAsync($"http://{address}/healthz");

        Assert.Equal(new HelloReply("hello, you hello, you", new NodeId(42)), reply);
        Assert.Equal("Healthy", health);
        Assert.Same(client, app.Services.GetRequiredService<GreeterClient>());
        Assert.Equal(TimeSpan.FromSeconds(20), app.Services.GetRequiredService<RaftClientCores>().Get(GreeterClient.ContentType).Options.Timeout);
        Assert.False(app.Services.GetRequiredService<RaftListenerService>().IsListening); // nothing was added to it
        await app.StopAsync();
    }

    [Fact]
    public async Task The_separate_listener_serves_from_DI_and_reports_its_port()
    {
        var greeter = new Greeter();
        HostApplicationBuilder builder = TestHosts.Generic(TestHosts.Settings(("RaftSdk:Port", "0")));
        builder.Services.AddSingleton<IGreeter>(greeter);
        builder.Services.AddRaftSdk(builder.Configuration)
            .AddListener<IGreeter>(GreeterDispatcher.Routes, GreeterDispatcher.ContentType)
            .AddClient<GreeterClient>(GreeterClient.ContentType);
        using IHost host = builder.Build();
        await host.StartAsync();
        RaftListenerService listener = host.Services.GetRequiredService<RaftListenerService>();

        HelloReply reply = await host.Services.GetRequiredService<GreeterClient>().HelloAsync("127.0.0.1:" + listener.Port, new HelloRequest("listener", 1));

        Assert.InRange(listener.Port, 1, 65535);
        Assert.Equal("http", listener.Scheme);
        Assert.Equal("hello, listener", reply.Text);
        Assert.Equal(["IGreeter"], listener.Contracts.Select(c => c.Name));
        await host.StopAsync();
        Assert.False(listener.IsListening);
    }

    [Fact]
    public async Task Until_an_implementation_is_registered_the_routes_answer_503_and_health_says_why()
    {
        HostApplicationBuilder builder = TestHosts.Generic(TestHosts.Settings());
        builder.Services.AddRaftSdk(builder.Configuration)
            .AddListener<IGreeter>(GreeterDispatcher.Routes, GreeterDispatcher.ContentType)
            .AddClient<GreeterClient>(GreeterClient.ContentType);
        builder.Services.AddHealthChecks().AddRaftSdk();
        using IHost host = builder.Build();
        await host.StartAsync();
        int port = host.Services.GetRequiredService<RaftListenerService>().Port;

        var refused = await Assert.ThrowsAsync<RaftStatusException>(() =>
            host.Services.GetRequiredService<GreeterClient>().HelloAsync("127.0.0.1:" + port, new HelloRequest("x", 1)));
        var report = await host.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>().CheckHealthAsync();

        Assert.Equal(503, refused.StatusCode);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, report.Status);
        Assert.Equal("IGreeter has no implementation set (its routes answer 503)", report.Entries["raftsdk"].Description);
        Assert.Equal(port, report.Entries["raftsdk"].Data["port"]);
        await host.StopAsync();
    }

    [Fact]
    public async Task Stopping_the_host_lets_a_call_in_flight_finish_then_refuses_new_ones()
    {
        var greeter = new Greeter();
        var logs = new FakeLoggerProvider();
        HostApplicationBuilder builder = TestHosts.Generic(TestHosts.Settings(("RaftSdk:ShutdownTimeout", "00:00:30")), logs);
        builder.Services.AddSingleton<IGreeter>(greeter);
        builder.Services.AddRaftSdk(builder.Configuration)
            .AddListener<IGreeter>(GreeterDispatcher.Routes, GreeterDispatcher.ContentType)
            .AddClient<GreeterClient>(GreeterClient.ContentType);
        using IHost host = builder.Build();
        await host.StartAsync();
        int port = host.Services.GetRequiredService<RaftListenerService>().Port;
        string address = "127.0.0.1:" + port;
        // A client of its own: the host's client cores are disposed with the host.
        using var core = new Transport.RaftClientCore(new Transport.RaftClientOptions { ContentType = GreeterClient.ContentType });
        var client = new GreeterClient(core);

        Task<HelloReply> inFlight = client.HelloAsync(address, new HelloRequest("slow", 1));
        await greeter.SlowStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Task stopping = host.StopAsync();
        Task first = await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromMilliseconds(300)));
        bool stoppedBeforeTheCallFinished = first == stopping;
        greeter.ReleaseSlow();
        HelloReply reply = await inFlight.WaitAsync(TimeSpan.FromSeconds(30));
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(stoppedBeforeTheCallFinished);
        Assert.Equal("hello, slow", reply.Text);
        var refused = await Assert.ThrowsAsync<RaftConnectionException>(() => client.HelloAsync(address, new HelloRequest("late", 1)));
        Assert.Equal(RaftConnectionFailure.ConnectionRefused, refused.Failure);
        int[] hostingEvents = logs.Collector.GetSnapshot().Where(r => r.Category == "RaftSdk.Hosting").Select(r => r.Id.Id).ToArray();
        Assert.Equal([300, 301, 302], hostingEvents);
    }

    [Fact]
    public async Task A_call_that_outlasts_the_shutdown_deadline_is_cut_off()
    {
        var greeter = new Greeter();
        HostApplicationBuilder builder = TestHosts.Generic(TestHosts.Settings(("RaftSdk:ShutdownTimeout", "00:00:00.300")));
        builder.Services.AddSingleton<IGreeter>(greeter);
        builder.Services.AddRaftSdk(builder.Configuration).AddListener<IGreeter>(GreeterDispatcher.Routes, GreeterDispatcher.ContentType);
        using IHost host = builder.Build();
        await host.StartAsync();
        string address = "127.0.0.1:" + host.Services.GetRequiredService<RaftListenerService>().Port;
        using var core = new Transport.RaftClientCore(new Transport.RaftClientOptions { ContentType = GreeterClient.ContentType });

        Task<HelloReply> stuck = new GreeterClient(core).HelloAsync(address, new HelloRequest("slow", 1));
        await greeter.SlowStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        TimeSpan stopping = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        // The host did not wait for the call (it would have waited 30 s); the caller learns its call broke.
        Assert.True(stopping < TimeSpan.FromSeconds(20), stopping.ToString());
        await Assert.ThrowsAnyAsync<RaftTransportException>(() => stuck.WaitAsync(TimeSpan.FromSeconds(30)));
        greeter.ReleaseSlow();
    }

    [Fact]
    public async Task Mutual_TLS_comes_from_configuration_on_both_sides()
    {
        using var pki = new Testing.TestCertificates();
        var greeter = new Greeter();
        HostApplicationBuilder serverBuilder = TestHosts.Generic(pki.Settings(pki.NodeA));
        serverBuilder.Services.AddSingleton<IGreeter>(greeter);
        serverBuilder.Services.AddRaftSdk(serverBuilder.Configuration).AddListener<IGreeter>(GreeterDispatcher.Routes, GreeterDispatcher.ContentType);
        using IHost server = serverBuilder.Build();
        await server.StartAsync();
        HostApplicationBuilder clientBuilder = TestHosts.Generic(pki.Settings(pki.NodeB));
        clientBuilder.Services.AddRaftSdk(clientBuilder.Configuration).AddClient<GreeterClient>(GreeterClient.ContentType);
        using IHost client = clientBuilder.Build();
        await client.StartAsync();
        RaftListenerService listener = server.Services.GetRequiredService<RaftListenerService>();

        HelloReply reply = await client.Services.GetRequiredService<GreeterClient>().HelloAsync("127.0.0.1:" + listener.Port, new HelloRequest("tls", 1));
        // Without a client certificate the listener refuses the handshake.
        using var plain = new Transport.RaftClientCore(new Transport.RaftClientOptions { ContentType = GreeterClient.ContentType });
        var noCertificate = await Assert.ThrowsAnyAsync<RaftTransportException>(() =>
            new GreeterClient(plain).HelloAsync("127.0.0.1:" + listener.Port, new HelloRequest("x", 1)));

        Assert.Equal("https", listener.Scheme);
        Assert.Equal("hello, tls", reply.Text);
        Assert.NotNull(noCertificate);
        await client.StopAsync();
        await server.StopAsync();
    }

    [Fact]
    public async Task Two_contracts_share_one_listener()
    {
        var greeter = new Greeter();
        HostApplicationBuilder builder = TestHosts.Generic(TestHosts.Settings());
        builder.Services.AddSingleton<IGreeter>(greeter);
        builder.Services.AddSingleton<ChangeAgent.IRaft>(new RaftSdk.Testing.OriginalTestRaft(id: 5));
        builder.Services.AddRaftSdk(builder.Configuration)
            .AddListener<IGreeter>(GreeterDispatcher.Routes, GreeterDispatcher.ContentType)
            .AddListener<ChangeAgent.IRaft>(ChangeAgent.RaftDispatcher.Routes, ChangeAgent.RaftDispatcher.ContentType)
            .AddClient<GreeterClient>(GreeterClient.ContentType)
            .AddClient<ChangeAgent.RaftClient>(ChangeAgent.RaftClient.ContentType);
        using IHost host = builder.Build();
        await host.StartAsync();
        string address = "127.0.0.1:" + host.Services.GetRequiredService<RaftListenerService>().Port;

        HelloReply hello = await host.Services.GetRequiredService<GreeterClient>().HelloAsync(address, new HelloRequest("both", 1));
        NodeId id = await host.Services.GetRequiredService<ChangeAgent.RaftClient>().MyIdAsync(address);
        using HttpResponseMessage unknown = await TestHosts.Http.GetAsync($"http://{address}/nothing/here");

        Assert.Equal("hello, both", hello.Text);
        Assert.Equal(new NodeId(5), id);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await host.StopAsync();
    }
}
