using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using Microsoft.CodeAnalysis;

namespace RaftSdk.Analyzers.Tests.Infrastructure;

/// <summary>
/// What a test snippet compiles against: the .NET 10 reference assemblies (from Basic.Reference.Assemblies,
/// because the testing library's own Net100 package set is not served here), the real RaftSdk assemblies
/// and the ASP.NET Core and Google.Protobuf assemblies they expose in their API.
/// </summary>
internal static class SdkReferences
{
    public static ImmutableArray<MetadataReference> All { get; } = Create();

    private static ImmutableArray<MetadataReference> Create()
    {
        var references = new List<MetadataReference>(Basic.Reference.Assemblies.Net100.References.All);
        references.Add(MetadataReference.CreateFromFile(typeof(RaftSdk.ChangeAgent.ICommunication).Assembly.Location));
        references.Add(MetadataReference.CreateFromFile(typeof(RaftSdk.ProtoMessageAttribute).Assembly.Location));
        references.Add(MetadataReference.CreateFromFile(typeof(RaftSdk.Tls.DevelopmentCertificateAuthority).Assembly.Location));
        references.Add(MetadataReference.CreateFromFile(typeof(Google.Protobuf.IMessage).Assembly.Location));

        // ASP.NET Core is a shared framework: take its whole folder, as a web project would.
        string aspNetCore = Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder).Assembly.Location)!;
        foreach (string file in Directory.EnumerateFiles(aspNetCore, "Microsoft.*.dll"))
        {
            references.Add(MetadataReference.CreateFromFile(file));
        }

        return references.ToImmutableArray();
    }
}
