using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using Xunit;

namespace RaftSdk.Package.Tests;

/// <summary>
/// Packs the RaftSdk, RaftSdk.DotNext and RaftSdk.Templates packages once for the whole assembly, with a version no other run has used
/// (a NuGet cache would otherwise serve an older package of the same version), into a folder feed
/// under a temporary directory that is removed at the end.
/// </summary>
/// <remarks>
/// The package project is built before these tests (a build-order project reference), so it is
/// packed here without building: nothing in the repository's bin/ or obj/ is written while the
/// solution's other test assemblies run, and the .nuspec goes to the temporary directory too.
/// </remarks>
public sealed class PackageFixture : IDisposable
{
    public PackageFixture()
    {
        Assembly assembly = typeof(PackageFixture).Assembly;
        RepoRoot = Path.GetFullPath(Metadata(assembly, "RaftSdk.RepoRoot"));
        Configuration = Metadata(assembly, "RaftSdk.Configuration");
        string stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss");
        string unique = Guid.NewGuid().ToString("N")[..8];
        Version = $"0.1.0-test.{stamp}.g{unique}";
        WorkDirectory = Path.Combine(Path.GetTempPath(), $"raftsdk-package-test-{stamp}-{unique}");
        FeedDirectory = Path.Combine(WorkDirectory, "feed");
        PackagesDirectory = Path.Combine(WorkDirectory, "packages");
        Directory.CreateDirectory(FeedDirectory);
        Directory.CreateDirectory(PackagesDirectory);

        // Stops MSBuild's walk up for Directory.Build.props / Directory.Packages.props even
        // when the temporary directory sits inside some other tree.
        File.WriteAllText(Path.Combine(WorkDirectory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(WorkDirectory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(WorkDirectory, "Directory.Packages.props"), "<Project />\n");

        Pack = PackWithoutBuilding(Path.Combine("nuget", "RaftSdk.csproj"), "nuspec");
        PackagePath = Path.Combine(FeedDirectory, $"RaftSdk.{Version}.nupkg");
        SymbolsPackagePath = Path.Combine(FeedDirectory, $"RaftSdk.{Version}.snupkg");

        // RaftSdk.DotNext depends on RaftSdk of the same version, which is in the same feed.
        DotNextPack = PackWithoutBuilding(Path.Combine("nuget", "dotnext", "RaftSdk.DotNext.Package.csproj"), "dotnext-nuspec");
        DotNextPackagePath = Path.Combine(FeedDirectory, $"RaftSdk.DotNext.{Version}.nupkg");
        DotNextSymbolsPackagePath = Path.Combine(FeedDirectory, $"RaftSdk.DotNext.{Version}.snupkg");

        // The templates package, same version: its template defaults to the RaftSdk of its own version.
        TemplatesPack = PackWithoutBuilding(Path.Combine("templates", "RaftSdk.Templates.csproj"), "templates-nuspec",
            $"-p:RaftSdkTemplateStagingDirectory={Path.Combine(WorkDirectory, "template-staging")}{Path.DirectorySeparatorChar}");
        TemplatesPackagePath = Path.Combine(FeedDirectory, $"RaftSdk.Templates.{Version}.nupkg");
        _consumer = new Lazy<ConsumerProject>(() => ConsumerProject.Create(this, "consumer"));
    }

    private readonly Lazy<ConsumerProject> _consumer;

    /// <summary>The consumer project, installed and built on first use and shared by the tests.</summary>
    public ConsumerProject Consumer => _consumer.Value;

    public string RepoRoot { get; }

    /// <summary>The configuration this test assembly (and so the package project) was built in.</summary>
    public string Configuration { get; }

    /// <summary>A fresh prerelease version, e.g. <c>0.1.0-test.20260101120000.g1a2b3c4d</c>.</summary>
    public string Version { get; }

    /// <summary>Everything this run writes outside the repository lives here.</summary>
    public string WorkDirectory { get; }

    public string FeedDirectory { get; }

    /// <summary>The consumers' private NuGet packages folder: the user's cache is never touched.</summary>
    public string PackagesDirectory { get; }

    public DotNetResult Pack { get; }

    public string PackagePath { get; }

    public string SymbolsPackagePath { get; }

    public DotNetResult DotNextPack { get; }

    public string DotNextPackagePath { get; }

    public string DotNextSymbolsPackagePath { get; }

    public DotNetResult TemplatesPack { get; }

    public string TemplatesPackagePath { get; }

    /// <summary>
    /// Packs a project of the repository (already built in <see cref="Configuration"/>) into the feed
    /// with <see cref="Version"/>; its .nuspec goes to <c>&lt;work&gt;/<paramref name="nuspecFolder"/></c>.
    /// </summary>
    private DotNetResult PackWithoutBuilding(string project, string nuspecFolder, params string[] properties) =>
        DotNet.Run(
            RepoRoot,
            environment: null,
            timeout: null,
            new[]
            {
                "pack", Path.Combine(RepoRoot, project),
                "--configuration", Configuration,
                "--no-build",
                "--output", FeedDirectory,
                $"-p:PackageVersion={Version}",
                $"-p:NuspecOutputPath={Path.Combine(WorkDirectory, nuspecFolder)}{Path.DirectorySeparatorChar}",
            }.Concat(properties).ToArray());

    /// <summary>Fails the calling test with the pack output unless the package was produced.</summary>
    public void AssertPacked()
    {
        Assert.True(Pack.ExitCode == 0 && File.Exists(PackagePath), $"The package was not produced. {Pack}");
    }

    /// <summary>Fails the calling test with the pack output unless the RaftSdk.DotNext package was produced.</summary>
    public void AssertDotNextPacked()
    {
        Assert.True(DotNextPack.ExitCode == 0 && File.Exists(DotNextPackagePath), $"The RaftSdk.DotNext package was not produced. {DotNextPack}");
    }

    /// <summary>Fails the calling test with the pack output unless the templates package was produced.</summary>
    public void AssertTemplatesPacked()
    {
        Assert.True(TemplatesPack.ExitCode == 0 && File.Exists(TemplatesPackagePath), $"The templates package was not produced. {TemplatesPack}");
    }

    /// <summary>A version from the repository's Directory.Packages.props, so consumers use what the repo uses.</summary>
    public string CentralVersion(string packageId) =>
        XDocument.Load(Path.Combine(RepoRoot, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .Single(e => string.Equals((string?)e.Attribute("Include"), packageId, StringComparison.OrdinalIgnoreCase))
            .Attribute("Version")!.Value;

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("RAFTSDK_KEEP_PACKAGE_TEST") == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temporary directory left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string Metadata(Assembly assembly, string key) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "RaftSdk package";
}
