using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Emitting;
using RaftSdk.Generators.Model;
using RaftSdk.Generators.Parsing;
using RaftSdk.Generators.Proto;

namespace RaftSdk.Generators;

/// <summary>
/// The pipeline: [RaftContract] interfaces become a client and a dispatcher; [ProtoMessage]
/// records get ToProto/FromProto, using the .proto files among AdditionalFiles for field labels.
/// Every step after the transforms carries only equatable data without locations, so an unrelated
/// edit is cached and a whitespace edit regenerates nothing. Diagnostics are reported by
/// <see cref="Diagnostics.RaftContractDiagnosticAnalyzer"/>, which shares the parsers: as an
/// analyzer its diagnostics honour #pragma, [SuppressMessage] and .editorconfig severities.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RaftGenerator : IIncrementalGenerator
{
    /// <summary>Names of the tracked steps, for incremental tests.</summary>
    public static class TrackingNames
    {
        public const string Contracts = nameof(Contracts);
        public const string ProtoFiles = nameof(ProtoFiles);
        public const string MessageDrafts = nameof(MessageDrafts);
        public const string Messages = nameof(Messages);
        public const string MessageFiles = nameof(MessageFiles);
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ContractSpec> contracts = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypeNames.RaftContractAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, ct) => ContractParser.Parse((INamedTypeSymbol)ctx.TargetSymbol, ctx.Attributes[0], ct).Spec)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.Contracts);

        IncrementalValueProvider<ProtoCatalog> protoFiles = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(".proto", StringComparison.OrdinalIgnoreCase))
            .Select(static (text, ct) => ProtoFileParser.Parse(text.Path, text.GetText(ct)?.ToString() ?? string.Empty))
            .Collect()
            .Select(static (files, _) => new ProtoCatalog(files.OrderBy(f => f.Path, StringComparer.Ordinal).ToEquatableArray()))
            .WithTrackingName(TrackingNames.ProtoFiles);

        IncrementalValuesProvider<MessageDraft> drafts = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypeNames.ProtoMessageAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, ct) => MessageParser.Parse((INamedTypeSymbol)ctx.TargetSymbol, ctx.Attributes[0], ct, ctx.TargetNode.SyntaxTree.FilePath).Spec)
            .Where(static draft => draft is not null)
            .Select(static (draft, _) => draft!)
            .WithTrackingName(TrackingNames.MessageDrafts);

        IncrementalValuesProvider<MessageSpec> messages = drafts
            .Combine(protoFiles)
            .Select(static (pair, _) => MessageResolver.Resolve(pair.Left, pair.Right, location: null).Spec)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.Messages);

        // One generated file per source file that declares messages (see MessageFileGrouper for why).
        // When every message is cached the collection is too; when one changes, only its file's
        // spec differs and only that file is written again.
        IncrementalValuesProvider<MessageFileSpec> messageFiles = messages
            .Collect()
            .SelectMany(static (all, _) => MessageFileGrouper.Group(all))
            .WithTrackingName(TrackingNames.MessageFiles);

        context.RegisterSourceOutput(contracts, static (spc, spec) =>
        {
            spc.AddSource(ClientEmitter.HintName(spec), SourceText.From(ClientEmitter.Emit(spec), System.Text.Encoding.UTF8));
            spc.AddSource(DispatcherEmitter.HintName(spec), SourceText.From(DispatcherEmitter.Emit(spec), System.Text.Encoding.UTF8));
        });

        context.RegisterSourceOutput(messageFiles, static (spc, file) =>
            spc.AddSource(file.HintName, SourceText.From(MessageMappingEmitter.Emit(file), System.Text.Encoding.UTF8)));
    }
}
