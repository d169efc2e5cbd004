using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RaftSdk.Generators.Diagnostics;
using RaftSdk.Generators.Tests.Infrastructure;
using Xunit;

namespace RaftSdk.Generators.Tests;

/// <summary>
/// Every generator diagnostic fires on the shape it names, at a location in the user's code, and
/// valid code stays silent. Reported by the analyzer that shares the generator's parsers.
/// </summary>
public sealed class DiagnosticTests
{
    private const string Usings = "using System.Threading;\nusing System.Threading.Tasks;\nusing RaftSdk;\nusing Diag.Wire;\n";

    private const string Req = "[ProtoMessage(typeof(ReqPb))]\npublic sealed partial record Req { public ulong Id { get; init; } public string? Note { get; init; } }\n";

    private const string Res = "[ProtoMessage(typeof(ResPb))]\npublic sealed partial record Res { public bool Ok { get; init; } public string? Error { get; init; } }\n";

    private const string ValidContract = "[RaftContract(\"application/x-diag\")]\npublic interface IDiag\n{\n    [RaftRoute(\"/do\")]\n    Task<Res> DoAsync(Req request, CancellationToken cancellationToken);\n}\n";

    private static readonly AdditionalText Proto = new InMemoryAdditionalText(
        "DiagnosticCases/diag.proto", File.ReadAllText(RepositoryPaths.Combine("tests", "RaftSdk.Generators.Tests", "DiagnosticCases", "diag.proto")));

    private static string Wrap(string body) => Usings + "namespace Diag\n{\n" + body + "}\n";

    private static ImmutableArray<Diagnostic> Analyze(string source, bool withProto = true, CSharpCompilationOptions? options = null)
    {
        Compilation compilation = GeneratorHarness.Compile(new[] { ("Diag.cs", source) });
        if (options is not null)
        {
            compilation = compilation.WithOptions(options);
        }

        return GeneratorHarness.AnalyzerDiagnostics(compilation, withProto ? new[] { Proto } : System.Array.Empty<AdditionalText>());
    }

    public static TheoryData<string, string> Cases() => new()
    {
        { "RAFT001", Req + Res + "[RaftContract(\"application/x\")]\npublic class NotAnInterface { }\n" },
        { "RAFT002", Req + Res + "public class Outer { [RaftContract(\"application/x\")] private interface IHidden { } }\n" },
        { "RAFT003", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { Task<Res> DoAsync(Req request); }\n" },
        { "RAFT004", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/do\")] Task<Res> AAsync(Req r); [RaftRoute(\"/do\")] Task<Res> BAsync(Req r); }\n" },
        { "RAFT005", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\")] Task<Res> DoAsync(Req r); [RaftRoute(\"/b\")] Task<Res> DoAsync(Req r, CancellationToken c); }\n" },
        { "RAFT006", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\")] Task<Res> DoAsync<T>(Req r); }\n" },
        { "RAFT007", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\")] Task<Res> DoAsync(ref Req r); }\n" },
        { "RAFT008", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\")] Task<Res> DoAsync(Req r, int retries); }\n" },
        { "RAFT009", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\")] Task DoAsync(Req r); }\n" },
        { "RAFT010", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { int Count { get; } }\n" },
        { "RAFT011", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\", Method = \"GET\")] Task<Res> DoAsync(Req r); }\n" },
        { "RAFT012", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\", Response = typeof(Res), ResultMember = \"Missing\")] Task<bool> DoAsync(Req r); }\n" },
        { "RAFT013", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"no-slash\")] Task<Res> DoAsync(Req r); }\n" },
        { "RAFT020", "[ProtoMessage(typeof(ReqPb))]\npublic sealed record Req { public ulong Id { get; init; } }\n" },
        { "RAFT021", "[ProtoMessage(typeof(ReqPb))]\npublic sealed partial record Req { public ulong Id { get; init; } public int Retries { get; init; } }\n" },
        { "RAFT022", "[ProtoMessage(typeof(ReqPb))]\npublic sealed partial record Req { public string? Note { get; init; } }\n" },
        { "RAFT023", "[ProtoMessage(typeof(ReqPb))]\npublic sealed partial record Req { public string Id { get; init; } = \"\"; }\n" },
        { "RAFT024", "[ProtoMessage(typeof(ReqPb))]\npublic sealed partial record Req { public ulong Id => 5; }\n" },
        { "RAFT026", "[ProtoMessage(typeof(string))]\npublic sealed partial record Req { public ulong Id { get; init; } }\n" },
        { "RAFT027", "public partial class Outer { [ProtoMessage(typeof(ReqPb))] private sealed partial record Req { public ulong Id { get; init; } } }\n" },
        { "RAFT028", "[ProtoMessage(typeof(ReqPb))]\npublic sealed partial record Req { public ulong Id { get; init; } [PeerAddress] public int Where { get; init; } }\n" },
        { "RAFT029", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\", ErrorStatusCode = 200)] Task<Res> DoAsync(Req r); }\n" },
        { "RAFT030", "[ProtoMessage(typeof(ReqPb))]\npublic sealed partial record Req<T> { public ulong Id { get; init; } }\n" },
    };

    [Fact]
    public void Valid_contract_and_messages_are_silent()
    {
        Assert.Empty(Analyze(Wrap(Req + Res + ValidContract)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Diagnostic_fires_on_user_code(string id, string body)
    {
        ImmutableArray<Diagnostic> diagnostics = Analyze(Wrap(body));
        Assert.Contains(diagnostics, d => d.Id == id);
        Assert.All(diagnostics.Where(d => d.Id == id), diagnostic =>
        {
            Assert.True(diagnostic.Location.IsInSource, id + " must point at the user's code");
            Assert.Equal("Diag.cs", diagnostic.Location.SourceTree!.FilePath);
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.EndsWith("/docs/diagnostics/" + id + ".md", diagnostic.Descriptor.HelpLinkUri);
        });
    }

    [Fact]
    public void Every_descriptor_has_a_case_a_docs_page_and_a_release_entry()
    {
        var covered = Cases().Select(row => (string)row[0]).Append("RAFT025").ToHashSet();
        string releases = File.ReadAllText(RepositoryPaths.Combine("generators", "RaftSdk.Generators", "AnalyzerReleases.Unshipped.md"))
            + File.ReadAllText(RepositoryPaths.Combine("generators", "RaftSdk.Generators", "AnalyzerReleases.Shipped.md"));
        Assert.All(DiagnosticDescriptors.AllDescriptors, descriptor =>
        {
            Assert.Contains(descriptor.Id, covered);
            Assert.True(File.Exists(RepositoryPaths.Combine("docs", "diagnostics", descriptor.Id + ".md")), "docs page for " + descriptor.Id);
            Assert.Contains(descriptor.Id + " |", releases);
        });
    }

    [Fact]
    public void A_message_no_proto_describes_is_a_warning()
    {
        Diagnostic diagnostic = Assert.Single(Analyze(Wrap(Req), withProto: false), d => d.Id == "RAFT025");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
    }

    [Fact]
    public void Pragma_warning_disable_suppresses_a_diagnostic()
    {
        string body = "[ProtoMessage(typeof(ReqPb))]\npublic sealed partial record Req\n{\n    public ulong Id { get; init; }\n#pragma warning disable RAFT021\n    public int Retries { get; init; }\n#pragma warning restore RAFT021\n}\n";
        Assert.DoesNotContain(Analyze(Wrap(body)), d => d.Id == "RAFT021");
    }

    [Fact]
    public void Configured_severity_applies()
    {
        var escalate = GeneratorHarness.CompilationOptions.WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["RAFT025"] = ReportDiagnostic.Error });
        Assert.Equal(DiagnosticSeverity.Error, Assert.Single(Analyze(Wrap(Req), withProto: false, escalate), d => d.Id == "RAFT025").Severity);

        var silence = GeneratorHarness.CompilationOptions.WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["RAFT025"] = ReportDiagnostic.Suppress });
        Assert.DoesNotContain(Analyze(Wrap(Req), withProto: false, silence), d => d.Id == "RAFT025");
    }

    [Fact]
    public void The_generator_does_not_throw_on_broken_input_and_emits_nothing_for_it()
    {
        foreach (object[] row in Cases())
        {
            Compilation input = GeneratorHarness.Compile(new[] { ("Diag.cs", Wrap((string)row[1])) });
            (_, ImmutableArray<Diagnostic> generatorDiagnostics, GeneratorDriver driver) = GeneratorHarness.Run(input, new[] { Proto });
            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            Assert.Null(result.Exception);
            Assert.Empty(generatorDiagnostics);
        }
    }
}
