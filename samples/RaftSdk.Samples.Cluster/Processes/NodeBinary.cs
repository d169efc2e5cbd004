using System;
using System.IO;

namespace RaftSdk.Samples.Cluster.Processes;

/// <summary>
/// Where the node's built dll is: beside the launcher's own, because the launcher project
/// references the node project. Nodes run as <c>dotnet &lt;dll&gt;</c>; never <c>dotnet run</c>, which
/// would build once per node.
/// </summary>
public static class NodeBinary
{
    public const string FileName = "RaftSdk.Samples.ClusterNode.dll";

    public static string Locate()
    {
        string path = Path.Combine(AppContext.BaseDirectory, FileName);
        if (!File.Exists(path) || !File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")))
        {
            throw new FileNotFoundException(
                $"The node is not built beside the launcher: {path} (and its .runtimeconfig.json) must exist. Build samples/RaftSdk.Samples.Cluster, which builds the node too.", path);
        }

        return path;
    }
}
