using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using RaftSdk.Samples.Cluster.Processes;
using RaftSdk.Samples.Cluster.Scenario;
using Xunit;

namespace RaftSdk.Cluster.Tests;

/// <summary>The node process (either engine) refuses bad settings with a message that names the setting, exit code 2, and makes no data folder.</summary>
public class NodeSettingsTests
{
    [Theory]
    [InlineData("--peers 2=http://127.0.0.1:7002/raft", "--peers: 'http://127.0.0.1:7002/raft' of node 2 is not host:port")]
    [InlineData("--peers 2=127.0.0.1:7002 --heartbeat-ms 200", "--heartbeat-ms (200) must be at most half of --election-timeout-ms (300)")]
    [InlineData("--peers 2=127.0.0.1:7002 --raft-port 70000", "--raft-port: '70000' is not a port")]
    [InlineData("--peers 2=127.0.0.1:7002 --transport udp", "--transport: 'udp' is not a transport; use raftsdk, http or tcp.\n", NodeEngine.DotNext)]
    [InlineData("--peers 2=127.0.0.1:7002 --transport http --raft-port 7001 --http-port 8001 --tls-dir {tls}",
        "--tls-dir: the http transport runs plain in this sample; mutual TLS is wired for --transport raftsdk only.\n", NodeEngine.DotNext)]
    [InlineData("--peers 2=127.0.0.1:7002 --transport tcp",
        "--raft-port: the tcp transport needs a fixed port (its address is the member's id before it listens).\n"
        + "error: --http-port: the tcp transport needs a fixed port (the member publishes it in its metadata before the API listens).\n", NodeEngine.DotNext)]
    public async Task Node_WithABadSetting_ExitsWith2_AndNamesIt(string arguments, string message, NodeEngine engine = NodeEngine.ChangeAgent)
    {
        string data = Path.Combine(Path.GetTempPath(), "raftsdk-settings-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(NodeBinary.Locate(engine));
        start.ArgumentList.Add("--id");
        start.ArgumentList.Add("1");
        start.ArgumentList.Add("--data");
        start.ArgumentList.Add(data);
        // {tls}: a folder with the three files the node looks for (empty: a refused node never reads them).
        string tls = Path.Combine(Path.GetTempPath(), "raftsdk-settings-tls-" + Guid.NewGuid().ToString("N"));
        if (arguments.Contains("{tls}", StringComparison.Ordinal))
        {
            Directory.CreateDirectory(tls);
            foreach (string file in new[] { "key.pem", "cert.pem", "ca.pem" })
            {
                File.WriteAllText(Path.Combine(tls, file), string.Empty);
            }
        }

        foreach (string argument in arguments.Replace("{tls}", tls, StringComparison.Ordinal).Split(' '))
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
            Assert.False(Directory.Exists(data), "a refused node made its data folder");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            if (Directory.Exists(tls))
            {
                Directory.Delete(tls, recursive: true);
            }
        }
    }
}
