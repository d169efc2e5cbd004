using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace RaftSdk.Generators.Tests.Infrastructure;

/// <summary>
/// Contracts used as generator input: each is C# text plus the .proto files it maps to. The Pb
/// classes come from this test assembly (protoc runs on the same .proto files at build time).
/// </summary>
internal sealed record TestContract(string Name, IReadOnlyList<(string Path, string Text)> Sources, IReadOnlyList<AdditionalText> Protos)
{
    public static TestContract ChangeAgent() => new("ChangeAgent", ChangeAgentSources.CSharp(), ChangeAgentSources.Protos());

    public static TestContract StreamedSnapshot() => FromFiles("StreamedSnapshot", "tests/RaftSdk.Generators.Tests/Contracts/StreamedSnapshot.cs.txt", "tests/RaftSdk.Generators.Tests/Contracts/snapshot.proto");

    public static TestContract GlobalPing() => FromFiles("GlobalPing", "tests/RaftSdk.Generators.Tests/Contracts/GlobalPing.cs.txt", "tests/RaftSdk.Generators.Tests/Contracts/ping.proto");

    public static TestContract DeepNamespaceStorage() => WithChangeAgentValues(FromFiles("DeepNamespaceStorage", "tests/RaftSdk.Generators.Tests/Contracts/DeepNamespaceStorage.cs.txt", "tests/RaftSdk.Generators.Tests/Contracts/storage.proto"));

    public static TestContract SeveralContracts() => WithChangeAgentValues(FromFiles("SeveralContracts", "tests/RaftSdk.Generators.Tests/Contracts/SeveralContracts.cs.txt", "tests/RaftSdk.Generators.Tests/Contracts/membership.proto"));

    /// <summary>The end-to-end tests' second contract (proto3, positional records, record structs).</summary>
    public static TestContract KeyValue() => WithChangeAgentValues(FromFiles("KeyValue", "tests/RaftSdk.ChangeAgent.Tests/SecondContract/KeyValueContract.cs", "tests/RaftSdk.ChangeAgent.Tests/SecondContract/keyvalue.proto"));

    /// <summary>User names that collide with generated ones.</summary>
    public static TestContract Collisions() => FromFiles("Collisions", "tests/RaftSdk.Generators.Tests/Contracts/Collisions.cs.txt", "tests/RaftSdk.Generators.Tests/Contracts/collisions.proto");

    /// <summary>User properties, constructor parameters and response members named with C# keywords.</summary>
    public static TestContract Keywords() => FromFiles("Keywords", "tests/RaftSdk.Generators.Tests/Contracts/Keywords.cs.txt", "tests/RaftSdk.Generators.Tests/Contracts/keywords.proto");

    public static IEnumerable<object[]> All() => new[] { ChangeAgent(), GlobalPing(), DeepNamespaceStorage(), SeveralContracts(), KeyValue(), Collisions(), Keywords(), StreamedSnapshot() }.Select(c => new object[] { c.Name });

    public static TestContract ByName(string name) => name switch
    {
        "ChangeAgent" => ChangeAgent(),
        "GlobalPing" => GlobalPing(),
        "StreamedSnapshot" => StreamedSnapshot(),
        "DeepNamespaceStorage" => DeepNamespaceStorage(),
        "SeveralContracts" => SeveralContracts(),
        "KeyValue" => KeyValue(),
        "Collisions" => Collisions(),
        "Keywords" => Keywords(),
        _ => throw new System.ArgumentException(name),
    };

    private static TestContract FromFiles(string name, string source, params string[] protos) => new(
        name,
        // ".cs.txt" keeps the contracts out of this project's own compile; the tree gets the ".cs" name a user's file has.
        new[] { (source.EndsWith(".txt", System.StringComparison.Ordinal) ? source.Substring(0, source.Length - 4) : source, File.ReadAllText(RepositoryPaths.Combine(source.Split('/')))) },
        protos.Select(p => (AdditionalText)new InMemoryAdditionalText(p, File.ReadAllText(RepositoryPaths.Combine(p.Split('/'))))).ToList());

    /// <summary>
    /// Adds changeagent's one-value structs (NodeId, NanoTimestamp) as sources, for contracts that
    /// use them as a user's would: the ChangeAgent assembly cannot be referenced here, since it
    /// holds the changeagent contract's generated code and Pb classes this project also compiles.
    /// </summary>
    private static TestContract WithChangeAgentValues(TestContract contract) =>
        contract with { Sources = contract.Sources.Concat(ChangeAgentSources.Values()).ToList() };

    public override string ToString() => Name;
}
