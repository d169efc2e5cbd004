using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using RaftSdk.Samples.Cluster.Processes;
using Xunit;

namespace RaftSdk.Cluster.Tests;

/// <summary>The node process refuses bad settings with a message that names the setting, and exit code 2.</summary>
public class NodeSettingsTests
{
    [Theory]
    [InlineData("--peers 2=http://127.0.0.1:7002/raft", "--peers: 'http://127.0.0.1:7002/raft' of node 2 is not host:port")]
    [InlineData("--peers 2=127.0.0.1:7002 --heartbeat-ms 200", "--heartbeat-ms (200) must be at most half of --election-timeout-ms (300)")]
    [InlineData("--peers 2=127.0.0.1:7002 --raft-port 70000", "--raft-port: '70000' is not a port")]
    public async Task Node_WithABadSetting_ExitsWith2_AndNamesIt(string arguments, string message)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(NodeBinary.Locate());
        start.ArgumentList.Add("--id");
        start.ArgumentList.Add("1");
        start.ArgumentList.Add("--data");
        start.ArgumentList.Add(Path.Combine(Path.GetTempPath(), "raftsdk-settings-" + Guid.NewGuid().ToString("N")));
        foreach (string argument in arguments.Split(' '))
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        try
        {
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
            Assert.Equal(2, process.ExitCode);
            Assert.StartsWith("error: " + message, await stderr, StringComparison.Ordinal);
            Assert.Equal(string.Empty, await stdout);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }
}
