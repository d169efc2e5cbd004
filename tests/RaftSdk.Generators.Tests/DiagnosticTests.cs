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

    private const string Paint = "public enum Shade { Light = 0, Dark = 1 }\n";

    /// <summary>Each case in markup: every diagnostic expected, on exactly the marked text, and nothing else.</summary>
    public static TheoryData<string, string> Cases() => new()
    {
        { "RAFT001", Req + Res + "[RaftContract(\"application/x\")]\npublic class {|RAFT001:NotAnInterface|} { }\n" },
        { "RAFT002", Req + Res + "public class Outer { [RaftContract(\"application/x\")] private interface {|RAFT002:IHidden|} { } }\n" },
        { "RAFT003", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { Task<Res> {|RAFT003:DoAsync|}(Req request); }\n" },
        { "RAFT004", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/do\")] Task<Res> AAsync(Req r); [RaftRoute(\"/do\")] Task<Res> {|RAFT004:BAsync|}(Req r); }\n" },
        { "RAFT005", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\")] Task<Res> {|RAFT005:DoAsync|}(Req r); [RaftRoute(\"/b\")] Task<Res> {|RAFT005:DoAsync|}(Req r, CancellationToken c); }\n" },
        { "RAFT006", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\")] Task<Res> {|RAFT006:DoAsync|}<T>(Req r); }\n" },
        { "RAFT007", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\")] Task<Res> DoAsync(ref Req {|RAFT007:r|}); }\n" },
        { "RAFT008", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\")] Task<Res> DoAsync(Req r, int {|RAFT008:retries|}); }\n" },
        { "RAFT009", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\")] Task {|RAFT009:DoAsync|}(Req r); }\n" },
        { "RAFT010", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { int {|RAFT010:Count|} { get; } }\n" },
        { "RAFT011", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\", Method = \"GET\")] Task<Res> {|RAFT011:DoAsync|}(Req r); }\n" },
        { "RAFT012", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\", Response = typeof(Res), ResultMember = \"Missing\")] Task<bool> {|RAFT012:DoAsync|}(Req r); }\n" },
        { "RAFT013", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"no-slash\")] Task<Res> {|RAFT013:DoAsync|}(Req r); }\n" },
        { "RAFT014", Req + Res + "[RaftContract({|RAFT014:\"\"|})]\npublic interface IDiag { [RaftRoute(\"/a\")] Task<Res> DoAsync(Req r); }\n" },
        { "RAFT014", Req + Res + "[RaftContract({|RAFT014:\"protobuf\"|})]\npublic interface IDiag { [RaftRoute(\"/a\")] Task<Res> DoAsync(Req r); }\n" },
        { "RAFT015", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\")] Task<Res> {|RAFT015:DoAsync|}(System.IO.Stream body); }\n" },
        { "RAFT015", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\")] Task<Res> DoAsync(Req r, System.IO.Stream a, System.IO.Stream {|RAFT015:b|}); }\n" },
        { "RAFT015", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\", Method = \"GET\")] Task<Res> {|RAFT015:DoAsync|}(System.IO.Stream {|RAFT015:body|}); }\n" },
        { "RAFT015", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\")] Task<Res> DoAsync(Req r, System.IO.Pipelines.PipeReader {|RAFT015:body|}); }\n" },
        { "RAFT016", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\")] Task<System.IO.Stream> {|RAFT016:DoAsync|}(Req r); }\n" },
        { "RAFT016", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\")] System.IO.Stream {|RAFT016:Do|}(Req r, System.IO.Stream body); }\n" },
        { "RAFT017", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\")] Task<RaftStreamedAnswer<Res>> {|RAFT017:DoAsync|}(Req r, System.IO.Stream body); }\n" },
        { "RAFT017", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\", Response = typeof(Res), ResultMember = \"Ok\")] Task<RaftStreamedAnswer<Res>> {|RAFT017:DoAsync|}(Req r); }\n" },
        { "RAFT017", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\")] Task<RaftStreamedAnswer<string>> {|RAFT017:DoAsync|}(Req r); }\n" },
        { "RAFT020", "[ProtoMessage(typeof(ReqPb))]\npublic sealed record {|RAFT020:Req|} { public ulong Id { get; init; } }\n" },
        { "RAFT021", "[ProtoMessage(typeof(ReqPb))]\npublic sealed partial record Req { public ulong Id { get; init; } public int {|RAFT021:Retries|} { get; init; } }\n" },
        { "RAFT022", "[ProtoMessage(typeof(ReqPb))]\npublic sealed partial record {|RAFT022:Req|} { public string? Note { get; init; } }\n" },
        { "RAFT022", "[ProtoMessage(typeof(ReqPb))]\npublic sealed partial record {|RAFT022:Req|} { public string? Note { get; init; } public int {|RAFT021:Retries|} { get; init; } }\n" },
        { "RAFT023", "[ProtoMessage(typeof(ReqPb))]\npublic sealed partial record Req { public string {|RAFT023:Id|} { get; init; } = \"\"; }\n" },
        { "RAFT023", "[ProtoMessage(typeof(PaintPb))]\npublic sealed partial record Paint { public System.DateTime {|RAFT023:Stamp|} { get; init; } }\n" },
        { "RAFT023", "[ProtoMessage(typeof(PaintPb))]\npublic sealed partial record Paint { public System.TimeSpan {|RAFT023:Stamp|} { get; init; } }\n" },
        { "RAFT023", "[ProtoMessage(typeof(PaintPb))]\npublic sealed partial record Paint { public System.DateTimeOffset {|RAFT023:Stamp|} { get; init; } }\n" },
        { "RAFT023", "[ProtoMessage(typeof(ReqPb))]\npublic sealed partial record Req { public ulong Id { get; init; } public System.Guid {|RAFT023:Note|} { get; init; } }\n" },
        { "RAFT023", "[ProtoMessage(typeof(PaintPb))]\npublic sealed partial record Paint { public Ticks {|RAFT023:Stamp|} { get; init; } }\npublic readonly record struct Ticks(long Value) { public bool IsZero => Value == 0; }\n" },
        { "RAFT024", "[ProtoMessage(typeof(ReqPb))]\npublic sealed partial record Req { public ulong {|RAFT024:Id|} => 5; }\n" },
        { "RAFT026", "[ProtoMessage(typeof(string))]\npublic sealed partial record {|RAFT026:Req|} { public ulong Id { get; init; } }\n" },
        { "RAFT027", "public partial class Outer { [ProtoMessage(typeof(ReqPb))] private sealed partial record {|RAFT027:Req|} { public ulong Id { get; init; } } }\n" },
        { "RAFT028", "[ProtoMessage(typeof(ReqPb))]\npublic sealed partial record Req { public ulong Id { get; init; } [PeerAddress] public int {|RAFT028:Where|} { get; init; } }\n" },
        { "RAFT029", Req + Res + "[RaftContract(\"application/x\")]\npublic interface IDiag { [RaftRoute(\"/a\", ErrorStatusCode = 200)] Task<Res> {|RAFT029:DoAsync|}(Req r); }\n" },
        { "RAFT030", "[ProtoMessage(typeof(ReqPb))]\npublic sealed partial record {|RAFT030:Req|}<T> { public ulong Id { get; init; } }\n" },
        { "RAFT031", "[ProtoMessage(typeof(ReqPb))]\npublic sealed partial record Req { public ulong? {|RAFT031:Id|} { get; init; } }\n" },
        { "RAFT031", "[ProtoMessage(typeof(ResPb))]\npublic sealed partial record Res { public bool? {|RAFT031:Ok|} { get; init; } }\n" },
        { "RAFT032", "[ProtoMessage(typeof(PaintPb))]\npublic sealed partial record Paint { public ulong {|RAFT032:Number|} { get; init; } public string? {|RAFT032:Text|} { get; init; } }\n" },
        { "RAFT033", Paint.Replace("Light = 0, Dark = 1", "Dark = 0, Light = 1") + "[ProtoMessage(typeof(PaintPb))]\npublic sealed partial record Paint { public Shade {|RAFT033:Shade|} { get; init; } }\n" },
        { "RAFT033", Paint.Replace(", Dark = 1", ", Dark = 1, Dim = 2") + "[ProtoMessage(typeof(PaintPb))]\npublic sealed partial record Paint { public Shade {|RAFT033:Shade|} { get; init; } }\n" },
        { "RAFT033", Paint.Replace(", Dark = 1", string.Empty) + "[ProtoMessage(typeof(PaintPb))]\npublic sealed partial record Paint { public Shade? {|RAFT033:Shade|} { get; init; } }\n" },
    };

    /// <summary>Matching enums (by the .proto names without their shared prefix), a wrapper struct and an optional bytes field are valid.</summary>
    [Fact]
    public void Matching_enum_is_silent()
    {
        string body = Paint + "[ProtoMessage(typeof(PaintPb))]\npublic sealed partial record Paint { public Shade? Shade { get; init; } public Stamp Stamp { get; init; } }\n"
            + "public readonly record struct Stamp(long Value);\n";
        Assert.Empty(Analyze(Wrap(body)));
    }

    /// <summary>A header message and a Stream, in either order around the token, is a streamed route.</summary>
    [Fact]
    public void Streamed_body_after_a_header_is_silent()
    {
        string contract = "[RaftContract(\"application/x-diag\")]\npublic interface IDiag\n{\n    [RaftRoute(\"/up\")]\n    Task<Res> UpAsync(Req header, System.IO.Stream body, CancellationToken cancellationToken);\n"
            + "    [RaftRoute(\"/down\")]\n    Res Down(System.IO.Stream body, Req header);\n}\n";
        Assert.Empty(Analyze(Wrap(Req + Res + contract)));
    }

    /// <summary>A streamed answer with a request, without one (GET), and returned without a Task is a streamed route.</summary>
    [Fact]
    public void Streamed_answer_after_a_header_is_silent()
    {
        string contract = "[RaftContract(\"application/x-diag\")]\npublic interface IDiag\n{\n    [RaftRoute(\"/read\", ErrorStatusCode = 503, ErrorMember = nameof(Res.Error))]\n    Task<RaftStreamedAnswer<Res>> ReadAsync(Req request, CancellationToken cancellationToken);\n"
            + "    [RaftRoute(\"/latest\", Method = \"GET\")]\n    RaftStreamedAnswer<Res> Latest();\n}\n";
        Assert.Empty(Analyze(Wrap(Req + Res + contract)));
    }

    [Fact]
    public void Valid_contract_and_messages_are_silent()
    {
        Assert.Empty(Analyze(Wrap(Req + Res + ValidContract)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Diagnostic_fires_on_exactly_the_marked_code_and_nothing_else_fires(string id, string markup)
    {
        (string source, var expected) = DiagnosticMarkup.Parse(Wrap(markup));
        Assert.Contains(expected, e => e.Id == id);
        ImmutableArray<Diagnostic> diagnostics = Analyze(source);
        Assert.Equal(DiagnosticMarkup.Describe(source, expected), DiagnosticMarkup.Describe(source, DiagnosticMarkup.Actual(diagnostics)));
        Assert.All(diagnostics, diagnostic =>
        {
            Assert.True(diagnostic.Location.IsInSource, diagnostic.Id + " must point at the user's code");
            Assert.Equal("Diag.cs", diagnostic.Location.SourceTree!.FilePath);
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.EndsWith("/docs/diagnostics/" + diagnostic.Id + ".md", diagnostic.Descriptor.HelpLinkUri);
        });
    }

    [Fact]
    public void Every_descriptor_has_a_case_a_docs_page_and_a_release_entry()
    {
        var covered = Cases().Select(row => (string)row[0]).Append("RAFT025").Append("RAFT034").ToHashSet();
        string releases = File.ReadAllText(RepositoryPaths.Combine("generators", "RaftSdk.Generators", "AnalyzerReleases.Unshipped.md"))
            + File.ReadAllText(RepositoryPaths.Combine("generators", "RaftSdk.Generators", "AnalyzerReleases.Shipped.md"));
        Assert.All(DiagnosticDescriptors.AllDescriptors, descriptor =>
        {
            Assert.Contains(descriptor.Id, covered);
            Assert.True(File.Exists(RepositoryPaths.Combine("docs", "diagnostics", descriptor.Id + ".md")), "docs page for " + descriptor.Id);
            Assert.Contains(descriptor.Id + " |", releases);
        });
    }

    /// <summary>
    /// RAFT034: a .proto among AdditionalFiles that disagrees with the compiled class (another field
    /// number, a type protoc compiles to another C# type, a field it lacks) is not the class's
    /// .proto; a codec built from it would write other bytes, so the record gets an error on the
    /// property, and the generator emits nothing for it.
    /// </summary>
    [Theory]
    [InlineData("required uint64 id = 1;", "required uint64 id = 7;", "numbers field 'id' 7 where the compiled class has 1")]
    [InlineData("required uint64 id = 1;", "required fixed32 id = 1;", "declares field 'id' as 'fixed32' where the compiled class holds a ulong")]
    [InlineData("required uint64 id = 1;", "optional uint64 key = 9;", "has no field protoc would name 'Id' nor one numbered 1")]
    public void A_proto_that_does_not_match_the_compiled_class_is_an_error_on_the_property(string original, string stale, string says)
    {
        string protoText = File.ReadAllText(RepositoryPaths.Combine("tests", "RaftSdk.Generators.Tests", "DiagnosticCases", "diag.proto"));
        Assert.Contains(original, protoText);
        var staleProto = new InMemoryAdditionalText("DiagnosticCases/diag.proto", protoText.Replace(original, stale));
        (string source, var expected) = DiagnosticMarkup.Parse(Wrap(
            "[ProtoMessage(typeof(ReqPb))]\npublic sealed partial record Req { public ulong {|RAFT034:Id|} { get; init; } public string? Note { get; init; } }\n"));
        Compilation compilation = GeneratorHarness.Compile(new[] { ("Diag.cs", source) });

        ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.AnalyzerDiagnostics(compilation, new AdditionalText[] { staleProto });

        Assert.Equal(DiagnosticMarkup.Describe(source, expected), DiagnosticMarkup.Describe(source, DiagnosticMarkup.Actual(diagnostics)));
        Assert.Equal(
            "Property 'Id' of 'Req': the .proto among AdditionalFiles that defines 'Diag.Wire.ReqPb' " + says
            + "; the generated codec takes field numbers and types from the .proto, so it would write other bytes than the class. Hand the generator the .proto the class is compiled from",
            Assert.Single(diagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        (_, _, GeneratorDriver driver) = GeneratorHarness.Run(compilation, new AdditionalText[] { staleProto });
        Assert.Empty(driver.GetRunResult().Results.Single().GeneratedSources);
    }

    /// <summary>Without a .proto the layout is unknown: the record's codec goes through its protobuf class (the class's bytes), never a guessed layout.</summary>
    [Fact]
    public void Without_a_proto_the_codec_goes_through_the_protobuf_class()
    {
        Compilation compilation = GeneratorHarness.Compile(new[] { ("Diag.cs", Wrap(Req)) });
        (Compilation output, _, GeneratorDriver driver) = GeneratorHarness.Run(compilation, System.Array.Empty<AdditionalText>());
        string generated = Assert.Single(driver.GetRunResult().Results.Single().GeneratedSources).SourceText.ToString();
        Assert.Contains("void global::RaftSdk.Mapping.IProtoWritable.WriteProto(ref global::RaftSdk.Mapping.ProtoWriter writer) => writer.WriteMessageBody(this.ToProto());", generated);
        Assert.Contains("var proto = reader.ReadRemaining(global::Diag.Wire.ReqPb.Parser);", generated);
        Assert.DoesNotContain("WriteTag", generated);
        Assert.Empty(GeneratorHarness.CompileDiagnostics(output));
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
            Compilation input = GeneratorHarness.Compile(new[] { ("Diag.cs", DiagnosticMarkup.Parse(Wrap((string)row[1])).Source) });
            (_, ImmutableArray<Diagnostic> generatorDiagnostics, GeneratorDriver driver) = GeneratorHarness.Run(input, new[] { Proto });
            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            Assert.Null(result.Exception);
            Assert.Empty(generatorDiagnostics);
        }
    }
}
