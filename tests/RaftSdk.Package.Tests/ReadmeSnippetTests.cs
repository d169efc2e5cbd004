using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace RaftSdk.Package.Tests;

/// <summary>
/// Every C# snippet of README.md compiles as shown against the packages (RaftSdk, and RaftSdk.DotNext for its section), in a web project as
/// <c>dotnet new web</c> makes it (implicit usings on), warnings as errors. Each fenced block is
/// preceded by an HTML comment saying how it is compiled:
/// <c>&lt;!-- readme-snippet: file Path --&gt;</c> (a file of the project, as is),
/// <c>&lt;!-- readme-snippet: program --&gt;</c> (Program.cs), or
/// <c>&lt;!-- readme-snippet: statements | Type name, ... --&gt;</c> (the body of a method taking
/// those parameters: what the snippet uses but does not declare). A C# block without a comment fails the test.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed partial class ReadmeSnippetTests
{
    private const string ProjectName = "ReadmeSnippets";

    private readonly PackageFixture _package;
    private readonly ITestOutputHelper _output;

    public ReadmeSnippetTests(PackageFixture package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
        _package.AssertPacked();
    }

    [Fact]
    public void Every_csharp_snippet_of_the_readme_compiles_against_the_package()
    {
        string readme = File.ReadAllText(Path.Combine(_package.RepoRoot, "README.md"));
        IReadOnlyList<Snippet> snippets = Parse(readme);
        Assert.Equal(CountCSharpFences(readme), snippets.Count(s => s.Language == "csharp"));
        Assert.Single(snippets, s => s.Kind == "program");

        string directory = Path.Combine(_package.WorkDirectory, "readme-snippets");
        Directory.CreateDirectory(directory);
        ConsumerProject.WriteNuGetConfig(_package);
        File.WriteAllText(Path.Combine(directory, ProjectName + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <!-- As README's Install leaves it: Grpc.Tools, and no Protobuf item (the package adds it). -->
                <PackageReference Include="Grpc.Tools" Version="{_package.CentralVersion("Grpc.Tools")}" PrivateAssets="all" />
              </ItemGroup>
            </Project>

            """);

        int index = 0;
        foreach (Snippet snippet in snippets)
        {
            switch (snippet.Kind)
            {
                case "file":
                    if (snippet.Language == "json")
                    {
                        using JsonDocument parsed = JsonDocument.Parse(snippet.Code); // a README json block must be valid JSON
                    }

                    Write(directory, snippet.Argument, snippet.Code);
                    break;
                case "program":
                    Write(directory, "Program.cs", snippet.Code);
                    break;
                case "statements":
                    Write(directory, $"Snippets/Snippet{++index}.cs", AsMethod(index, snippet));
                    break;
                default:
                    Assert.Fail($"Unknown readme-snippet kind '{snippet.Kind}' at line {snippet.Line}.");
                    break;
            }
        }

        IReadOnlyDictionary<string, string> environment = ConsumerProject.Environment(_package);
        // RaftSdk as the Install section adds it; RaftSdk.DotNext for the snippets of its section.
        _package.AssertDotNextPacked();
        foreach (string packageId in new[] { "RaftSdk", "RaftSdk.DotNext" })
        {
            DotNetResult add = DotNet.Run(directory, environment, null, "add", "package", packageId, "--version", _package.Version);
            _output.WriteLine(add.ToString());
            Assert.True(add.ExitCode == 0, add.ToString());
        }

        DotNetResult build = DotNet.Run(directory, environment, null, "build", "--no-restore", "-warnaserror", "-p:UseSharedCompilation=false");
        _output.WriteLine(build.ToString());

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain(": warning ", build.Output, StringComparison.Ordinal);
    }

    private static string AsMethod(int index, Snippet snippet)
    {
        string[] lines = snippet.Code.Split('\n');
        string[] usings = lines.TakeWhile(l => UsingDirective().IsMatch(l) || l.Trim().Length == 0 || l.TrimStart().StartsWith("//", StringComparison.Ordinal)).ToArray();
        var code = new StringBuilder();
        foreach (string line in usings)
        {
            code.Append(line).Append('\n');
        }

        code.Append($"\n// README.md line {snippet.Line}\nnamespace {ProjectName};\n\ninternal static class Snippet{index}\n{{\n");
        code.Append($"    internal static async Task RunAsync({snippet.Argument})\n    {{\n");
        foreach (string line in lines.Skip(usings.Length))
        {
            code.Append("        ").Append(line).Append('\n');
        }

        code.Append("    }\n}\n");
        return code.ToString();
    }

    private static void Write(string directory, string relativePath, string text)
    {
        string path = Path.Combine(directory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Assert.False(File.Exists(path), $"Two README snippets write {relativePath}.");
        File.WriteAllText(path, text);
    }

    private static int CountCSharpFences(string readme) => Regex.Matches(readme, "^```csharp$", RegexOptions.Multiline).Count;

    private static List<Snippet> Parse(string readme)
    {
        var snippets = new List<Snippet>();
        foreach (Match match in Marked().Matches(readme.Replace("\r\n", "\n", StringComparison.Ordinal)))
        {
            string spec = match.Groups["spec"].Value.Trim();
            string kind = spec.Split(' ', '|')[0];
            string argument = kind == "statements"
                ? (spec.Contains('|', StringComparison.Ordinal) ? spec[(spec.IndexOf('|', StringComparison.Ordinal) + 1)..].Trim() : string.Empty)
                : spec[kind.Length..].Trim();
            int line = readme[..match.Index].Count(c => c == '\n') + 1;
            snippets.Add(new Snippet(kind, argument, match.Groups["lang"].Value, match.Groups["code"].Value, line));
        }

        return snippets;
    }

    [GeneratedRegex("<!-- readme-snippet: (?<spec>[^\\n]*?) -->\\n```(?<lang>\\w+)\\n(?<code>.*?)^```$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Marked();

    [GeneratedRegex("^using [A-Za-z0-9_.]+;\\s*$")]
    private static partial Regex UsingDirective();

    private sealed record Snippet(string Kind, string Argument, string Language, string Code, int Line);
}
