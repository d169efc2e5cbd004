using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;
using Xunit;

namespace RaftSdk.Package.Tests;

/// <summary>What is inside RaftSdk.nupkg and its .snupkg, and what its .nuspec declares.</summary>
[Collection(PackageCollection.Name)]
public sealed class PackageLayoutTests
{
    private static readonly string[] Frameworks = { "net8.0", "net10.0" };

    private readonly PackageFixture _package;

    public PackageLayoutTests(PackageFixture package)
    {
        _package = package;
        _package.AssertPacked();
    }

    [Fact]
    public void Lib_holds_exactly_the_runtime_the_changeagent_contract_and_the_testing_support_per_framework()
    {
        string[] entries = Entries(_package.PackagePath);
        string[] lib = entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal)).ToArray();

        string[] expected = Frameworks
            .SelectMany(tfm => new[] { "RaftSdk.Runtime.dll", "RaftSdk.Runtime.xml", "RaftSdk.ChangeAgent.dll", "RaftSdk.ChangeAgent.xml", "RaftSdk.Testing.dll", "RaftSdk.Testing.xml" }.Select(f => $"lib/{tfm}/{f}"))
            .OrderBy(e => e, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(expected, lib);
    }

    [Fact]
    public void The_generator_the_analyzers_and_the_code_fixes_are_analyzers_never_references()
    {
        string[] entries = Entries(_package.PackagePath);

        Assert.Equal(
            new[] { "analyzers/dotnet/cs/RaftSdk.Analyzers.CodeFixes.dll", "analyzers/dotnet/cs/RaftSdk.Analyzers.dll", "analyzers/dotnet/cs/RaftSdk.Generators.dll" },
            entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)).ToArray());
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && (e.Contains("Generators", StringComparison.Ordinal) || e.Contains("Analyzers", StringComparison.Ordinal)));

        // Roslyn itself comes from the compiler and the IDE, never from the package.
        Assert.DoesNotContain(entries, e => e.Contains("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(entries, e => e.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Build_files_hand_protobuf_items_to_the_generator()
    {
        string[] entries = Entries(_package.PackagePath);
        Assert.Contains("build/RaftSdk.targets", entries);
        Assert.Contains("buildTransitive/RaftSdk.targets", entries);

        using ZipArchive zip = ZipFile.OpenRead(_package.PackagePath);
        using var reader = new StreamReader(zip.GetEntry("buildTransitive/RaftSdk.targets")!.Open());
        XDocument targets = XDocument.Parse(reader.ReadToEnd());
        XElement additional = targets.Descendants().Single(e => e.Name.LocalName == "AdditionalFiles");
        Assert.Equal("@(Protobuf)", (string?)additional.Attribute("Include"));
    }

    [Fact]
    public void Dependencies_are_google_protobuf_and_the_aspnetcore_framework_only()
    {
        XElement metadata = Nuspec().Descendants().Single(e => e.Name.LocalName == "metadata");

        XElement[] groups = metadata.Elements().Single(e => e.Name.LocalName == "dependencies").Elements().ToArray();
        Assert.Equal(Frameworks.OrderBy(f => f, StringComparer.Ordinal), groups.Select(g => (string)g.Attribute("targetFramework")!).OrderBy(f => f, StringComparer.Ordinal));
        foreach (XElement group in groups)
        {
            Assert.Equal(new[] { "Google.Protobuf" }, group.Elements().Select(d => (string)d.Attribute("id")!).ToArray());
        }

        XElement[] frameworkGroups = metadata.Elements().Single(e => e.Name.LocalName == "frameworkReferences").Elements().ToArray();
        Assert.Equal(2, frameworkGroups.Length);
        foreach (XElement group in frameworkGroups)
        {
            Assert.Equal(new[] { "Microsoft.AspNetCore.App" }, group.Elements().Select(d => (string)d.Attribute("name")!).ToArray());
        }
    }

    [Fact]
    public void Metadata_is_complete()
    {
        XElement metadata = Nuspec().Descendants().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? string.Empty;

        Assert.Equal("RaftSdk", Value("id"));
        Assert.Equal(_package.Version, Value("version"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Contains("README.md", Entries(_package.PackagePath));
        Assert.Equal("icon.png", Value("icon"));
        AssertPng(_package.PackagePath, "icon.png");
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        Assert.Contains("raft", Value("tags").Split(' '));
        XElement repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.StartsWith("https://", (string?)repository.Attribute("url"));
    }

    [Fact]
    public void Symbols_package_holds_the_pdbs()
    {
        Assert.True(File.Exists(_package.SymbolsPackagePath), _package.Pack.ToString());
        string[] pdbs = Entries(_package.SymbolsPackagePath).Where(e => e.EndsWith(".pdb", StringComparison.Ordinal)).ToArray();

        string[] expected = Frameworks
            .SelectMany(tfm => new[] { $"lib/{tfm}/RaftSdk.ChangeAgent.pdb", $"lib/{tfm}/RaftSdk.Runtime.pdb", $"lib/{tfm}/RaftSdk.Testing.pdb" })
            .OrderBy(e => e, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(expected, pdbs);
    }

    [Fact]
    public void Every_pdb_has_source_link_to_the_repository_at_a_commit_and_embeds_the_files_git_does_not_track()
    {
        Assert.Equal(6, PackageFiles.AssertSourceLinked(_package.SymbolsPackagePath));
    }

    [Fact]
    public void The_templates_package_holds_the_raftsdk_node_template_and_the_shared_metadata()
    {
        _package.AssertTemplatesPacked();
        string[] entries = Entries(_package.TemplatesPackagePath);

        const string Root = "content/raftsdk-node/";
        Assert.Equal(
            new[]
            {
                ".template.config/template.json", "RaftNode.Tests/RaftNode.Tests.csproj", "RaftNode.Tests/TwoNodeTests.cs",
                "RaftNode/Contract.cs", "RaftNode/Peer.cs", "RaftNode/Program.cs", "RaftNode/Protos/node.proto", "RaftNode/RaftNode.csproj",
                "RaftNode/appsettings.Tls.json", "RaftNode/appsettings.json", "RaftNode/make-certs.sh",
            }.Select(f => Root + f),
            entries.Where(e => e.StartsWith("content/", StringComparison.Ordinal)));
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.EndsWith(".dll", StringComparison.Ordinal));

        XElement metadata = Nuspec(_package.TemplatesPackagePath, "RaftSdk.Templates.nuspec").Descendants().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? string.Empty;
        Assert.Equal("RaftSdk.Templates", Value("id"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Equal("icon.png", Value("icon"));
        Assert.Equal("Template", (string?)metadata.Elements().Single(e => e.Name.LocalName == "packageTypes").Elements().Single().Attribute("name"));
        AssertPng(_package.TemplatesPackagePath, "icon.png");

        // The template's default RaftSdk version is the package's own, filled in at pack time.
        using ZipArchive zip = ZipFile.OpenRead(_package.TemplatesPackagePath);
        using var reader = new StreamReader(zip.GetEntry(Root + ".template.config/template.json")!.Open());
        using JsonDocument template = JsonDocument.Parse(reader.ReadToEnd());
        Assert.Equal("raftsdk-node", template.RootElement.GetProperty("shortName").GetString());
        Assert.Equal(_package.Version, template.RootElement.GetProperty("symbols").GetProperty("RaftSdkVersion").GetProperty("defaultValue").GetString());
    }

    private XDocument Nuspec() => PackageFiles.Nuspec(_package.PackagePath, "RaftSdk.nuspec");

    private static XDocument Nuspec(string package, string name) => PackageFiles.Nuspec(package, name);

    private static string[] Entries(string package) => PackageFiles.Entries(package);

    private static void AssertPng(string package, string entry) => PackageFiles.AssertPng(package, entry);
}
