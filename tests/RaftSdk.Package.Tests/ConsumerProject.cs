using System;
using System.Collections.Generic;
using System.IO;

namespace RaftSdk.Package.Tests;

/// <summary>
/// A fresh console project outside the repository, as a user would make one: its own nuget.config
/// (the test feed plus nuget.org, no fallback folders), a private packages folder and HTTP cache,
/// Grpc.Tools for its own .proto (no <c>Protobuf</c> item: the package adds it), then
/// <c>dotnet add package RaftSdk</c> and a build with warnings as errors and
/// <c>EmitCompilerGeneratedFiles</c> on.
/// </summary>
public sealed class ConsumerProject
{
    public const string ProjectName = "Consumer";

    private ConsumerProject(PackageFixture package, string directory)
    {
        Package = package;
        Directory = directory;
    }

    public PackageFixture Package { get; }

    public string Directory { get; }

    public DotNetResult AddPackage { get; private set; } = null!;

    public DotNetResult Build { get; private set; } = null!;

    public string OutputAssembly => Path.Combine(Directory, "bin", "Debug", "net10.0", ProjectName + ".dll");

    /// <summary>Environment of every command run on a consumer: NuGet writes only under the test's directory.</summary>
    public static IReadOnlyDictionary<string, string> Environment(PackageFixture package) => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = package.PackagesDirectory,
        ["NUGET_HTTP_CACHE_PATH"] = Path.Combine(package.WorkDirectory, "http-cache"),
    };

    /// <summary>Creates, installs and builds the consumer in <c>&lt;work&gt;/<paramref name="name"/></c>.</summary>
    /// <param name="projectItems">MSBuild items of the user's own, added to the project file as they are.</param>
    /// <param name="grpcTools">Whether the project references Grpc.Tools, the protobuf compiler.</param>
    /// <param name="extraSources">Files of this test assembly's output copied into the project.</param>
    /// <param name="build">Whether to build after <c>dotnet add package</c> (which restores).</param>
    /// <param name="sources">The folder of this test assembly's output whose files are the project's sources.</param>
    /// <param name="packageId">The package added (<c>RaftSdk</c> or <c>RaftSdk.DotNext</c>), in the fixture's version.</param>
    public static ConsumerProject Create(PackageFixture package, string name, string projectItems = "", bool grpcTools = true, string[]? extraSources = null, bool build = true,
        string sources = "Consumer", string packageId = "RaftSdk")
    {
        WriteNuGetConfig(package);
        string directory = Path.Combine(package.WorkDirectory, name);
        System.IO.Directory.CreateDirectory(directory);
        var project = new ConsumerProject(package, directory);

        CopyDirectory(Path.Combine(AppContext.BaseDirectory, sources), directory);
        foreach (string source in extraSources ?? Array.Empty<string>())
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, source), Path.Combine(directory, Path.GetFileName(source)));
        }

        File.WriteAllText(Path.Combine(directory, ProjectName + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
              </PropertyGroup>
              <ItemGroup>
                {(grpcTools ? GrpcToolsReference(package) : string.Empty)}
                {projectItems}
              </ItemGroup>
            </Project>

            """);

        IReadOnlyDictionary<string, string> environment = Environment(package);
        project.AddPackage = DotNet.Run(directory, environment, null, "add", "package", packageId, "--version", package.Version);
        if (project.AddPackage.ExitCode == 0 && build)
        {
            // UseSharedCompilation=false: no compiler server is left running after the test.
            project.Build = DotNet.Run(directory, environment, null, "build", "--no-restore", "-warnaserror", "-p:UseSharedCompilation=false");
        }
        else
        {
            project.Build = new DotNetResult(build ? "dotnet build (skipped: add package failed)" : "dotnet build (not asked for)", -1, string.Empty, TimeSpan.Zero);
        }

        return project;
    }

    /// <summary>The consumer compiles its own .proto; Grpc.Tools is a build-time tool only.</summary>
    private static string GrpcToolsReference(PackageFixture package) =>
        $"<PackageReference Include=\"Grpc.Tools\" Version=\"{package.CentralVersion("Grpc.Tools")}\" PrivateAssets=\"all\" />";

    internal static void WriteNuGetConfig(PackageFixture package)
    {
        string path = Path.Combine(package.WorkDirectory, "nuget.config");
        if (File.Exists(path))
        {
            return;
        }

        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{package.PackagesDirectory}" />
              </config>
              <packageSources>
                <clear />
                <add key="raftsdk-test-feed" value="{package.FeedDirectory}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
              <fallbackPackageFolders>
                <clear />
              </fallbackPackageFolders>
            </configuration>

            """);
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (string file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(destination, Path.GetRelativePath(source, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
