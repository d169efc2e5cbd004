using System;
using System.Linq;
using RaftSdk.Samples.Cluster.Scenario;
using Xunit;

namespace RaftSdk.Cluster.Tests;

/// <summary>The launcher's engine, transport and benchmark switches: what each passes to the nodes, and what is refused.</summary>
public class LauncherOptionsTests
{
    [Theory]
    [InlineData("--engine dotnext --transport http", null, "http", "DotNext over DotNext HTTP")]
    [InlineData("--engine dotnext --transport tcp", null, "tcp", "DotNext over DotNext TCP")]
    [InlineData("--engine dotnext --transport raftsdk --tls", null, null, "DotNext over RaftSdk")]
    [InlineData("--engine dotnext", null, null, "DotNext over RaftSdk")]
    [InlineData("", null, null, "changeagent")]
    [InlineData("--transport http", "--transport is the DotNext node's: it needs --engine dotnext.", null, null)]
    [InlineData("--engine dotnext --transport tcp --tls", "--tls: DotNext's own http and tcp transports run plain in the sample, so --bench and --transport http|tcp are plain only.", null, null)]
    [InlineData("--bench --tls", "--tls: DotNext's own http and tcp transports run plain in the sample, so --bench and --transport http|tcp are plain only.", null, null)]
    [InlineData("--engine dotnext --transport udp", "--transport needs raftsdk, http or tcp.", null, null)]
    [InlineData("--engine raft", "--engine needs changeagent or dotnext.", null, null)]
    [InlineData("--engine", "--engine needs changeagent or dotnext.", null, null)]
    [InlineData("--bench --rounds 0", "--rounds needs an integer of at least 1.", null, null)]
    public void Parse_PassesTheTransportToDotNextNodesOnly_AndRefusesWhatCannotRun(string arguments, string? error, string? nodeArgument, string? runName)
    {
        string[] args = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (error is not null)
        {
            Assert.Equal(error, Assert.Throws<ArgumentException>(() => ScenarioOptions.Parse(args)).Message);
            return;
        }

        ScenarioOptions options = ScenarioOptions.Parse(args);
        Assert.Equal(nodeArgument, options.NodeTransportArgument);
        Assert.Equal(runName, options.RunName);
    }

    [Fact]
    public void Bench_RunsTwoRoundsByDefault_AndCountsRoundsFromTheCommandLine()
    {
        Assert.Equal(2, ScenarioOptions.Parse(["--bench"]).Rounds);
        ScenarioOptions options = ScenarioOptions.Parse(["--bench", "--rounds", "3", "--writes", "300"]);
        Assert.True(options.Bench);
        Assert.Equal(3, options.Rounds);
        Assert.Equal(300, options.Writes);
        Assert.Equal(
            ["changeagent", "DotNext over RaftSdk", "DotNext over DotNext HTTP", "DotNext over DotNext TCP"],
            Benchmark.Contenders.Select(c => (options with { Engine = c.Engine, Transport = c.Transport }).RunName));
    }
}
