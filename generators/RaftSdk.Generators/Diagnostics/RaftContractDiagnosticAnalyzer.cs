using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using RaftSdk.Generators.Common;
using RaftSdk.Generators.Model;
using RaftSdk.Generators.Parsing;
using RaftSdk.Generators.Proto;

namespace RaftSdk.Generators.Diagnostics;

/// <summary>
/// Reports what the generator cannot (or will not) turn into code. It runs the generator's own
/// parsers, so the two never disagree, and being an analyzer its diagnostics can be suppressed
/// with #pragma, [SuppressMessage] or .editorconfig severities, which diagnostics reported from a
/// generator's cached pipeline (with trimmed locations) cannot.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RaftContractDiagnosticAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = DiagnosticDescriptors.AllDescriptors;

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            INamedTypeSymbol? contractAttribute = start.Compilation.GetTypeByMetadataName(KnownTypeNames.RaftContractAttribute);
            INamedTypeSymbol? messageAttribute = start.Compilation.GetTypeByMetadataName(KnownTypeNames.ProtoMessageAttribute);
            if (contractAttribute is null || messageAttribute is null)
            {
                return; // RaftSdk is not referenced
            }

            var protoFiles = new Lazy<ProtoCatalog>(() => new ProtoCatalog(start.Options.AdditionalFiles
                .Where(file => file.Path.EndsWith(".proto", StringComparison.OrdinalIgnoreCase))
                .Select(file => ProtoFileParser.Parse(file.Path, file.GetText(start.CancellationToken)?.ToString() ?? string.Empty))
                .OrderBy(file => file.Path, StringComparer.Ordinal)
                .ToEquatableArray()));
            var trees = new ConcurrentDictionary<string, SyntaxTree?>(StringComparer.Ordinal);
            Compilation compilation = start.Compilation;

            start.RegisterSymbolAction(
                symbolContext =>
                {
                    var type = (INamedTypeSymbol)symbolContext.Symbol;
                    foreach (AttributeData attribute in type.GetAttributes())
                    {
                        IEnumerable<DiagnosticInfo> found;
                        if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, contractAttribute))
                        {
                            found = ContractParser.Parse(type, attribute, symbolContext.CancellationToken).Diagnostics;
                        }
                        else if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, messageAttribute))
                        {
                            // Resolved even when the symbols had errors, so that a property without a field
                            // (RAFT021) does not hide a required field without a property (RAFT022).
                            ParseResult<MessageDraft> draft = MessageParser.Parse(type, attribute, symbolContext.CancellationToken);
                            found = draft.Partial is null
                                ? draft.Diagnostics
                                : draft.Diagnostics.Concat(MessageResolver.Resolve(draft.Partial, protoFiles.Value, LocationInfo.From(type), name => PropertyLocation(type, name)).Diagnostics);
                        }
                        else
                        {
                            continue;
                        }

                        foreach (DiagnosticInfo diagnostic in found)
                        {
                            symbolContext.ReportDiagnostic(diagnostic.ToDiagnostic(path => trees.GetOrAdd(path, p => compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == p))));
                        }
                    }
                },
                SymbolKind.NamedType);
        });
    }

    private static LocationInfo? PropertyLocation(INamedTypeSymbol type, string name)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers(name))
            {
                if (member is IPropertySymbol property)
                {
                    return LocationInfo.From(property);
                }
            }
        }

        return null;
    }
}
