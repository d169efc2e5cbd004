using System;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace RaftSdk.Package.Tests;

/// <summary>
/// A new console project installs RaftSdk from a folder feed, declares its own contract, builds
/// with warnings as errors and runs: its client calls its own server on loopback, and the
/// changeagent contract from the package works as well.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class ConsumerTests
{
    private readonly PackageFixture _package;
    private readonly ITestOutputHelper _output;

    public ConsumerTests(PackageFixture package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
        _package.AssertPacked();
    }

    [Fact]
    public void Dotnet_add_package_installs_it_and_the_project_builds_with_warnings_as_errors()
    {
        ConsumerProject consumer = Built();

        Assert.Contains($"<PackageReference Include=\"RaftSdk\" Version=\"{_package.Version}\" />", File.ReadAllText(Path.Combine(consumer.Directory, "Consumer.csproj")));
        Assert.DoesNotContain(": warning ", consumer.Build.Output, StringComparison.Ordinal);

        // Restored into the private folder; the user's own packages folder never saw this version.
        Assert.True(Directory.Exists(Path.Combine(_package.PackagesDirectory, "raftsdk", _package.Version.ToLowerInvariant())));
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.False(Directory.Exists(Path.Combine(home, ".nuget", "packages", "raftsdk", _package.Version.ToLowerInvariant())));
    }

    [Fact]
    public void The_consumers_own_contract_and_the_changeagent_contract_answer_on_loopback()
    {
        ConsumerProject consumer = Built();

        DotNetResult run = DotNet.Run(consumer.Directory, ConsumerProject.Environment(_package), TimeSpan.FromMinutes(2), consumer.OutputAssembly);
        _output.WriteLine(run.ToString());

        Assert.True(run.ExitCode == 0, run.ToString());
        // The consumer's own one-value struct prints as a record; changeagent's NodeId in base 36, as the Go original: 36 is "10".
        Assert.Contains("own contract: Hello, consumer! Hello, consumer! (served by ServerId { Value = 42 })", run.Output, StringComparison.Ordinal);
        Assert.Contains("changeagent: discovered 10, append in term 7 success=True", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void EmitCompilerGeneratedFiles_writes_the_generated_code_where_the_readme_says()
    {
        ConsumerProject consumer = Built();

        const string documented = "obj/<Configuration>/<TargetFramework>/generated/RaftSdk.Generators/RaftSdk.Generators.RaftGenerator/";
        Assert.Contains(documented, File.ReadAllText(Path.Combine(_package.RepoRoot, "README.md")), StringComparison.Ordinal);

        string folder = Path.Combine(consumer.Directory, documented.Replace("<Configuration>", "Debug").Replace("<TargetFramework>", "net10.0"));
        string[] files = Directory.GetFiles(folder).Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal).ToArray()!;
        Assert.Equal(
            // The messages of Greeter.cs share one mappings file; the contract gets a client and a dispatcher.
            new[] { "Consumer.Greeter.Proto.g.cs", "Consumer.IGreeter.Client.g.cs", "Consumer.IGreeter.Dispatcher.g.cs" },
            files);
        Assert.Contains("public sealed partial class GreeterClient", File.ReadAllText(Path.Combine(folder, "Consumer.IGreeter.Client.g.cs")), StringComparison.Ordinal);
    }

    [Fact]
    public void Misuse_is_reported_by_the_packaged_analyzers_and_generator()
    {
        Built();

        // A separate copy of the consumer with one more file, so the working consumer stays as it was.
        ConsumerProject misuse = ConsumerProject.Create(_package, "consumer-misuse", extraSources: new[] { Path.Combine("Misuse", "Misuse.cs") });
        _output.WriteLine(misuse.AddPackage.ToString());
        _output.WriteLine(misuse.Build.ToString());

        Assert.True(misuse.AddPackage.ExitCode == 0, misuse.AddPackage.ToString());
        Assert.NotEqual(0, misuse.Build.ExitCode);
        Assert.Contains("Misuse.cs(12,15): error RAFT101:", misuse.Build.Output, StringComparison.Ordinal);   // analyzer: AppendAsync before SetRaft
        Assert.Contains("Misuse.cs(17,22): error RAFT020:", misuse.Build.Output, StringComparison.Ordinal);   // generator: [ProtoMessage] record not partial
        Assert.DoesNotContain("Program.cs", misuse.Build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Greeter.cs", misuse.Build.Output, StringComparison.Ordinal);
    }

    private ConsumerProject Built()
    {
        ConsumerProject consumer = _package.Consumer;
        _output.WriteLine($"package {_package.Version}: pack {_package.Pack.Duration.TotalSeconds:F1} s, add package {consumer.AddPackage.Duration.TotalSeconds:F1} s, build {consumer.Build.Duration.TotalSeconds:F1} s");
        Assert.True(consumer.AddPackage.ExitCode == 0, consumer.AddPackage.ToString());
        Assert.True(consumer.Build.ExitCode == 0, consumer.Build.ToString());
        return consumer;
    }
}
