using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RaftSdk.Diagnostics;
using RaftSdk.Hosting.Tests.Contract;
using RaftSdk.Testing;
using Xunit;

namespace RaftSdk.Hosting.Tests;

/// <summary>Client failures are logged by kind, per call only at Debug, and a failing peer warns once per window.</summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task A_flood_of_failures_logs_each_at_Debug_and_warns_once_then_reports_the_recovery()
    {
        var logs = new FakeLoggerProvider();
        using ILoggerFactory loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var network = new InMemoryNetwork();
        network.AddNode("b:1", GreeterDispatcher.Routes, GreeterDispatcher.ContentType, new Greeter());
        using var core = network.CreateClientCore("a:1", GreeterClient.ContentType, loggerFactory: loggerFactory);
        var client = new GreeterClient(core);

        network.Partition("a:1");
        for (int i = 0; i < 50; i++)
        {
            await Assert.ThrowsAsync<RaftConnectionException>(() => client.HelloAsync("b:1", new HelloRequest("x", 1)));
        }

        network.Heal();
        await client.HelloAsync("b:1", new HelloRequest("x", 1));
        await client.HelloAsync("b:1", new HelloRequest("x", 1));

        var records = logs.Collector.GetSnapshot().Where(r => r.Category == "RaftSdk.Client").ToArray();
        Assert.Equal(50, records.Count(r => r.Id.Id == 200 && r.Level == LogLevel.Debug));
        var warning = Assert.Single(records, r => r.Id.Id == 201);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.StartsWith("Calls to b:1 fail (connection_refused): ", warning.Message);
        var recovered = Assert.Single(records, r => r.Id.Id == 202);
        Assert.Equal("Calls to b:1 succeed again after 50 failures.", recovered.Message);
        Assert.DoesNotContain(records, r => r.Level > LogLevel.Debug && r.Id.Id == 200);
    }

    [Fact]
    public async Task Nothing_is_logged_above_Debug_per_call_when_Debug_is_off()
    {
        var logs = new FakeLoggerProvider();
        using ILoggerFactory loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(logs));
        var network = new InMemoryNetwork();
        using var core = network.CreateClientCore("a:1", GreeterClient.ContentType, loggerFactory: loggerFactory);

        for (int i = 0; i < 20; i++)
        {
            await Assert.ThrowsAsync<RaftConnectionException>(() => new GreeterClient(core).HelloAsync("nobody:1", new HelloRequest("x", 1)));
        }

        Assert.Equal([201], logs.Collector.GetSnapshot().Select(r => r.Id.Id));
    }

    [Fact]
    public void The_warning_window_carries_the_count_of_the_failures_it_held_back()
    {
        var time = new ManualTime();
        var limiter = new FailureLogLimiter(TimeSpan.FromSeconds(30), time);

        bool first = limiter.OnFailure("p:1", "timeout", out long firstSuppressed);
        bool[] within = Enumerable.Range(0, 9).Select(i => limiter.OnFailure("p:1", "timeout", out long _)).ToArray();
        bool otherKind = limiter.OnFailure("p:1", "connection_refused", out _);
        time.Advance(TimeSpan.FromSeconds(31));
        bool next = limiter.OnFailure("p:1", "timeout", out long suppressed);

        Assert.True(first);
        Assert.Equal(0, firstSuppressed);
        Assert.All(within, Assert.False);
        Assert.True(otherKind);
        Assert.True(next);
        Assert.Equal(9, suppressed);
        Assert.True(limiter.OnSuccess("p:1", out long failures));
        Assert.Equal(12, failures);
        Assert.False(limiter.OnSuccess("p:1", out _));
    }

    [Fact]
    public void The_limiter_tracks_a_bounded_number_of_peers()
    {
        var limiter = new FailureLogLimiter(TimeSpan.FromSeconds(30), new ManualTime());

        int warnings = Enumerable.Range(0, FailureLogLimiter.MaxTracked * 3).Count(i => limiter.OnFailure("peer-" + i + ":1", "timeout", out _));

        // Every tracked peer warns once; all the peers beyond the bound share one entry.
        Assert.Equal(FailureLogLimiter.MaxTracked + 1, warnings);
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
