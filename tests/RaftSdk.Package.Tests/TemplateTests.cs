using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace RaftSdk.Package.Tests;

/// <summary>
/// The RaftSdk.Templates package as a user gets it: installed from the folder feed into a template
/// hive of its own (the user's templates are not touched), <c>dotnet new raftsdk-node</c> run, and
/// the node's own tests run against the RaftSdk package packed by this run.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class TemplateTests
{
    private readonly PackageFixture _package;
    private readonly ITestOutputHelper _output;

    public TemplateTests(PackageFixture package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
        _package.AssertPacked();
        _package.AssertTemplatesPacked();
    }

    [Fact]
    public void Dotnet_new_raftsdk_node_makes_a_node_whose_two_node_tests_pass_against_the_packed_RaftSdk()
    {
        ConsumerProject.WriteNuGetConfig(_package);
        IReadOnlyDictionary<string, string> environment = ConsumerProject.Environment(_package);
        string hive = Path.Combine(_package.WorkDirectory, "template-hive");
        string directory = Path.Combine(_package.WorkDirectory, "template-node");

        DotNetResult install = Run(_package.WorkDirectory, environment, "new", "install", _package.TemplatesPackagePath, "--debug:custom-hive", hive);
        Assert.Contains("raftsdk-node", install.Output, StringComparison.Ordinal);

        Run(_package.WorkDirectory, environment, "new", "raftsdk-node", "--name", "MyNode", "--output", directory, "--debug:custom-hive", hive);
        string[] files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(
            new[]
            {
                "MyNode.Tests/MyNode.Tests.csproj", "MyNode.Tests/TwoNodeTests.cs",
                "MyNode/Contract.cs", "MyNode/MyNode.csproj", "MyNode/Peer.cs", "MyNode/Program.cs", "MyNode/Protos/node.proto",
                "MyNode/appsettings.Tls.json", "MyNode/appsettings.json", "MyNode/make-certs.sh",
            },
            files);
        // The template's default RaftSdk version is the templates package's own, packed together.
        Assert.Contains($"<PackageReference Include=\"RaftSdk\" Version=\"{_package.Version}\" />", File.ReadAllText(Path.Combine(directory, "MyNode", "MyNode.csproj")), StringComparison.Ordinal);
        Assert.Contains("namespace MyNode;", File.ReadAllText(Path.Combine(directory, "MyNode", "Contract.cs")), StringComparison.Ordinal);

        DotNetResult test = Run(directory, environment, "test", "MyNode.Tests", "-warnaserror", "-p:UseSharedCompilation=false");
        Assert.Contains("Passed!  - Failed:     0, Passed:     2, Skipped:     0, Total:     2", test.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(": warning ", test.Output, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(_package.PackagesDirectory, "raftsdk", _package.Version.ToLowerInvariant())));
    }

    private DotNetResult Run(string directory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        DotNetResult result = DotNet.Run(directory, environment, null, arguments);
        _output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}
