using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Samples.Cluster.Processes;
using RaftSdk.Samples.Cluster.Scenario;

namespace RaftSdk.Cluster.Tests;

/// <summary>
/// Three real node processes of one engine on free loopback ports, their data in a folder of their
/// own under the temporary directory; disposing stops them (by process id) and deletes the folder.
/// </summary>
internal sealed class ThreeNodeCluster : IAsyncDisposable
{
    private readonly string _root;

    private ThreeNodeCluster(string root, NodeApi api, LocalCluster cluster)
    {
        _root = root;
        Api = api;
        Nodes = cluster;
    }

    public NodeApi Api { get; }

    public LocalCluster Nodes { get; }

    /// <param name="name">The start of the data folder's name (the test's).</param>
    /// <param name="engine">The nodes' Raft.</param>
    /// <param name="patience">The launcher API's limit per call.</param>
    public static async Task<ThreeNodeCluster> StartAsync(string name, NodeEngine engine, TimeSpan patience)
    {
        string root = Path.Combine(Path.GetTempPath(), name + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        int[] ports = FreePorts.Take(6);
        NodeSpec[] specs = Enumerable.Range(0, 3).Select(i => new NodeSpec((ulong)i + 1, ports[2 * i], ports[(2 * i) + 1], Path.Combine(root, $"node{i + 1}"), null)).ToArray();
        var api = new NodeApi(patience);
        var cluster = new LocalCluster(specs, root, new ScenarioOptions { TimeoutScale = 3, Engine = engine }, new Timeline(null), api);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => cluster.StartAsync(i, CancellationToken.None)));
        return new ThreeNodeCluster(root, api, cluster);
    }

    public async ValueTask DisposeAsync()
    {
        await Nodes.DisposeAsync();
        Api.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
