using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
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

    private XDocument Nuspec()
    {
        using ZipArchive zip = ZipFile.OpenRead(_package.PackagePath);
        using Stream stream = zip.GetEntry("RaftSdk.nuspec")!.Open();
        return XDocument.Load(stream);
    }

    private static string[] Entries(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        return zip.Entries.Select(e => e.FullName).OrderBy(e => e, StringComparer.Ordinal).ToArray();
    }
}
