using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace RaftSdk.Benchmarks.Generator;

/// <summary>
/// A synthetic user project for generator benchmarks: 200 contracts of 8 calls each, every call
/// with its own request and response record (3,200 messages), one file per contract, plus one
/// .proto describing every message. The protobuf classes are member-complete stand-ins (the
/// generator reads symbols only; protoc does not run here).
/// </summary>
internal static class SyntheticProject
{
    public const int ContractCount = 200;
    public const int CallsPerContract = 8;

    /// <summary>A client and a dispatcher per contract, and one mappings file per contract file (it declares the contract's messages).</summary>
    public const int ExpectedGeneratedFiles = ContractCount * 3;

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation CreateCompilation() =>
        CSharpCompilation.Create(
            "Synthetic",
            Enumerable.Range(0, ContractCount).SelectMany(ContractTrees),
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>
    /// The driver every benchmark and test of this project uses: the RaftSdk generator (or none,
    /// for the baseline) with the .proto as an additional file.
    /// </summary>
    public static GeneratorDriver CreateDriver(bool withGenerator = true, bool trackSteps = false) => CSharpGeneratorDriver.Create(
        withGenerator ? new[] { new RaftSdk.Generators.RaftGenerator().AsSourceGenerator() } : Array.Empty<ISourceGenerator>(),
        new[] { Proto() },
        ParseOptions,
        optionsProvider: null,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    public static AdditionalText Proto()
    {
        var text = new StringBuilder("syntax = \"proto2\";\npackage synthetic;\noption csharp_namespace = \"Synthetic.Wire\";\n");
        for (int c = 0; c < ContractCount; c++)
        {
            for (int m = 0; m < CallsPerContract * 2; m++)
            {
                text.Append("message C").Append(c).Append('M').Append(m)
                    .Append("Pb { required uint64 id = 1; optional string note = 2; optional bytes data = 3; repeated string tags = 4; }\n");
            }
        }

        return new ProtoText("synthetic.proto", text.ToString());
    }

    /// <summary>Contract <paramref name="index"/> with one more method, as an edit to one contract.</summary>
    public static SyntaxTree EditedContract(int index) =>
        CSharpSyntaxTree.ParseText(ContractSource(index, extraMethod: true), ParseOptions, ContractPath(index));

    public static SyntaxTree UnrelatedFile() =>
        CSharpSyntaxTree.ParseText("namespace Elsewhere { public sealed class Unrelated { public int X { get; set; } } }", ParseOptions, "Unrelated.cs");

    public static string ContractPath(int index) => "Contract" + index + ".cs";

    private static IEnumerable<SyntaxTree> ContractTrees(int index)
    {
        yield return CSharpSyntaxTree.ParseText(ContractSource(index, extraMethod: false), ParseOptions, ContractPath(index));
        yield return CSharpSyntaxTree.ParseText(WireSource(index), ParseOptions, "Wire" + index + ".cs");
    }

    private static string ContractSource(int c, bool extraMethod)
    {
        var text = new StringBuilder("using System;\nusing System.Collections.Generic;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing RaftSdk;\n\nnamespace Synthetic\n{\n");
        for (int m = 0; m < CallsPerContract * 2; m++)
        {
            text.Append("    [ProtoMessage(typeof(Synthetic.Wire.C").Append(c).Append('M').Append(m).Append("Pb))]\n")
                .Append("    public sealed partial record C").Append(c).Append('M').Append(m)
                .Append("\n    {\n        public ulong Id { get; init; }\n        public string? Note { get; init; }\n        public ReadOnlyMemory<byte> Data { get; init; }\n        public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();\n    }\n\n");
        }

        text.Append("    [RaftContract(\"application/x-synthetic\")]\n    public interface IService").Append(c).Append("\n    {\n");
        for (int k = 0; k < CallsPerContract; k++)
        {
            text.Append("        [RaftRoute(\"/s").Append(c).Append("/call").Append(k).Append("\")]\n")
                .Append("        Task<C").Append(c).Append('M').Append((2 * k) + 1).Append("> Call").Append(k)
                .Append("Async(C").Append(c).Append('M').Append(2 * k).Append(" request, CancellationToken cancellationToken);\n");
        }

        if (extraMethod)
        {
            text.Append("        [RaftRoute(\"/s").Append(c).Append("/extra\")]\n        Task<C").Append(c).Append("M1> ExtraAsync(C").Append(c).Append("M0 request, CancellationToken cancellationToken);\n");
        }

        return text.Append("    }\n}\n").ToString();
    }

    private static string WireSource(int c)
    {
        var text = new StringBuilder("#nullable enable\nnamespace Synthetic.Wire\n{\n");
        for (int m = 0; m < CallsPerContract * 2; m++)
        {
            string name = "C" + c + "M" + m + "Pb";
            text.Append("    public sealed class ").Append(name).Append(" : global::Google.Protobuf.IMessage<").Append(name).Append(">\n    {\n")
                .Append("        public static global::Google.Protobuf.MessageParser<").Append(name).Append("> Parser { get; } = new(() => new ").Append(name).Append("());\n")
                .Append("        public const int IdFieldNumber = 1;\n        public ulong Id { get; set; }\n        public bool HasId => true;\n")
                .Append("        public const int NoteFieldNumber = 2;\n        public string Note { get; set; } = \"\";\n        public bool HasNote => true;\n")
                .Append("        public const int DataFieldNumber = 3;\n        public global::Google.Protobuf.ByteString Data { get; set; } = global::Google.Protobuf.ByteString.Empty;\n        public bool HasData => true;\n")
                .Append("        public const int TagsFieldNumber = 4;\n        public global::Google.Protobuf.Collections.RepeatedField<string> Tags { get; } = new();\n")
                .Append("        public static global::Google.Protobuf.Reflection.MessageDescriptor Descriptor => throw new global::System.NotSupportedException();\n")
                .Append("        global::Google.Protobuf.Reflection.MessageDescriptor global::Google.Protobuf.IMessage.Descriptor => Descriptor;\n")
                .Append("        public void MergeFrom(").Append(name).Append(" message) { }\n")
                .Append("        public void MergeFrom(global::Google.Protobuf.CodedInputStream input) { }\n")
                .Append("        public void WriteTo(global::Google.Protobuf.CodedOutputStream output) { }\n")
                .Append("        public int CalculateSize() => 0;\n")
                .Append("        public bool Equals(").Append(name).Append("? other) => ReferenceEquals(this, other);\n")
                .Append("        public ").Append(name).Append(" Clone() => new();\n    }\n");
        }

        return text.Append("}\n").ToString();
    }

    private static ImmutableArray<MetadataReference> References()
    {
        string platform = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        var paths = platform.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(p).StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal)
                || Path.GetFileName(p).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .ToList();
        paths.Add(typeof(Google.Protobuf.IMessage).Assembly.Location);
        paths.Add(typeof(RaftSdk.ProtoMessageAttribute).Assembly.Location);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }

    private sealed class ProtoText : AdditionalText
    {
        private readonly SourceText _text;

        public ProtoText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
