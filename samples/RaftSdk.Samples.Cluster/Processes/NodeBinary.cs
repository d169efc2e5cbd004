using System;
using System.IO;
using RaftSdk.Samples.Cluster.Scenario;

namespace RaftSdk.Samples.Cluster.Processes;

/// <summary>
/// Where the node's built dll is: beside the launcher's own, because the launcher project
/// references both node projects. Nodes run as <c>dotnet &lt;dll&gt;</c>; never <c>dotnet run</c>, which
/// would build once per node.
/// </summary>
public static class NodeBinary
{
    public const string FileName = "RaftSdk.Samples.ClusterNode.dll";

    public const string DotNextFileName = "RaftSdk.Samples.DotNextNode.dll";

    public static string Locate(NodeEngine engine = NodeEngine.ChangeAgent)
    {
        string path = Path.Combine(AppContext.BaseDirectory, engine == NodeEngine.DotNext ? DotNextFileName : FileName);
        if (!File.Exists(path) || !File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")))
        {
            throw new FileNotFoundException(
                $"The node is not built beside the launcher: {path} (and its .runtimeconfig.json) must exist. Build samples/RaftSdk.Samples.Cluster, which builds the node too.", path);
        }

        return path;
    }
}
