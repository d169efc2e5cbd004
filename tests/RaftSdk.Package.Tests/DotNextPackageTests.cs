using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Xunit;
using Xunit.Abstractions;

namespace RaftSdk.Package.Tests;

/// <summary>
/// RaftSdk.DotNext.nupkg: what it holds and declares, and a new project that installs only it
/// (RaftSdk comes as its dependency) runs DotNext members over RaftSdk on loopback, plain and mutual TLS.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class DotNextPackageTests
{
    private readonly PackageFixture _package;
    private readonly ITestOutputHelper _output;

    public DotNextPackageTests(PackageFixture package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
        _package.AssertDotNextPacked();
    }

    [Fact]
    public void Lib_holds_exactly_the_integration_assembly_and_its_docs_and_the_symbols_package_its_source_linked_pdb()
    {
        string[] entries = PackageFiles.Entries(_package.DotNextPackagePath);

        Assert.Equal(new[] { "lib/net10.0/RaftSdk.DotNext.dll", "lib/net10.0/RaftSdk.DotNext.xml" }, entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal)));
        Assert.DoesNotContain(entries, e => e.EndsWith(".pdb", StringComparison.Ordinal) || e.StartsWith("analyzers/", StringComparison.Ordinal));
        Assert.Equal(new[] { "lib/net10.0/RaftSdk.DotNext.pdb" }, PackageFiles.Entries(_package.DotNextSymbolsPackagePath).Where(e => e.EndsWith(".pdb", StringComparison.Ordinal)));
        Assert.Equal(1, PackageFiles.AssertSourceLinked(_package.DotNextSymbolsPackagePath));
    }

    [Fact]
    public void Dependencies_are_RaftSdk_of_the_same_version_with_all_its_assets_DotNext_and_the_aspnetcore_framework()
    {
        XElement metadata = PackageFiles.Metadata(_package.DotNextPackagePath, "RaftSdk.DotNext.nuspec");

        XElement group = Assert.Single(metadata.Elements().Single(e => e.Name.LocalName == "dependencies").Elements());
        Assert.Equal("net10.0", (string?)group.Attribute("targetFramework"));
        Assert.Equal(
            new[] { ("RaftSdk", _package.Version, (string?)null), ("DotNext.Net.Cluster", _package.CentralVersion("DotNext.Net.Cluster"), "Build,Analyzers") },
            group.Elements().Select(d => ((string)d.Attribute("id")!, (string)d.Attribute("version")!, (string?)d.Attribute("exclude"))).ToArray());
        XElement frameworks = Assert.Single(metadata.Elements().Single(e => e.Name.LocalName == "frameworkReferences").Elements());
        Assert.Equal(new[] { "Microsoft.AspNetCore.App" }, frameworks.Elements().Select(d => (string)d.Attribute("name")!));
    }

    [Fact]
    public void Metadata_is_complete()
    {
        XElement metadata = PackageFiles.Metadata(_package.DotNextPackagePath, "RaftSdk.DotNext.nuspec");
        string Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? string.Empty;

        Assert.Equal("RaftSdk.DotNext", Value("id"));
        Assert.Equal(_package.Version, Value("version"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Contains("README.md", PackageFiles.Entries(_package.DotNextPackagePath));
        Assert.Equal("icon.png", Value("icon"));
        PackageFiles.AssertPng(_package.DotNextPackagePath, "icon.png");
        Assert.StartsWith("DotNext's Raft", Value("description"), StringComparison.Ordinal);
        Assert.Contains("dotnext", Value("tags").Split(' '));
        XElement repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.Equal("https://github.com/raftsdk/RaftSdk", (string?)repository.Attribute("url"));
    }

    [Fact]
    public void A_project_with_only_RaftSdk_DotNext_builds_and_its_members_elect_a_leader_and_commit_plain_and_over_mutual_TLS()
    {
        _package.AssertPacked(); // the dependency, from the same feed
        ConsumerProject consumer = ConsumerProject.Create(_package, "dotnext-consumer", grpcTools: false, sources: "DotNextConsumer", packageId: "RaftSdk.DotNext");
        _output.WriteLine(consumer.AddPackage.ToString());
        _output.WriteLine(consumer.Build.ToString());
        Assert.True(consumer.AddPackage.ExitCode == 0, consumer.AddPackage.ToString());
        Assert.True(consumer.Build.ExitCode == 0, consumer.Build.ToString());
        Assert.DoesNotContain(": warning ", consumer.Build.Output, StringComparison.Ordinal);
        string project = File.ReadAllText(Path.Combine(consumer.Directory, ConsumerProject.ProjectName + ".csproj"));
        Assert.Contains($"<PackageReference Include=\"RaftSdk.DotNext\" Version=\"{_package.Version}\" />", project, StringComparison.Ordinal);
        Assert.DoesNotContain("Include=\"RaftSdk\"", project, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(_package.PackagesDirectory, "raftsdk", _package.Version.ToLowerInvariant())), "RaftSdk was restored as RaftSdk.DotNext's dependency");

        DotNetResult run = DotNet.Run(consumer.Directory, ConsumerProject.Environment(_package), TimeSpan.FromMinutes(3), consumer.OutputAssembly);
        _output.WriteLine(run.ToString());

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            new[]
            {
                "http: 3 members on 127.0.0.1 elected one leader and committed an entry on all 3",
                "https: 3 members on 127.0.0.1 elected one leader and committed an entry on all 3",
            },
            run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
