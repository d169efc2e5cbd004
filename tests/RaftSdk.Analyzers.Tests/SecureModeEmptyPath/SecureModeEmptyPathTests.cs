using System.Threading.Tasks;
using Xunit;
using Verify = RaftSdk.Analyzers.Tests.Infrastructure.AnalyzerVerifier<RaftSdk.Analyzers.Rules.SecureModeEmptyPath.SecureModeEmptyPathAnalyzer>;

namespace RaftSdk.Analyzers.Tests.SecureModeEmptyPath;

/// <summary>RAFT104: secure mode started with a constant null, empty or blank key, certificate or CA path.</summary>
public class SecureModeEmptyPathTests
{
    [Fact]
    public async Task Fires_ForNullEmptyAndBlankConstants_AsAnError()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                private const string NoCa = "";

                Task<ICommunication> Start() =>
                    RaftCommunication.StartSecureCommunicationAsync(9000, {|#0:null!|}, {|#1:"  "|}, {|#2:NoCa|});

                Task<ICommunication> Named() =>
                    RaftCommunication.StartSecureCommunicationAsync(caFile: "ca.pem", certFile: {|#3:string.Empty|}, keyFile: {|#4:default!|}, port: 9000);
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic("RAFT104").WithLocation(0).WithArguments("keyFile", "null").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Error),
            Verify.Diagnostic("RAFT104").WithLocation(1).WithArguments("certFile", "blank"),
            Verify.Diagnostic("RAFT104").WithLocation(2).WithArguments("caFile", "empty"),
            Verify.Diagnostic("RAFT104").WithLocation(3).WithArguments("certFile", "empty"),
            Verify.Diagnostic("RAFT104").WithLocation(4).WithArguments("keyFile", "null"));
    }

    [Fact]
    public async Task Silent_ForPathsAndValuesKnownOnlyAtRunTime()
    {
        const string source = """
            using System;
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                Task<ICommunication> Start(string key) =>
                    RaftCommunication.StartSecureCommunicationAsync(9000, key, "cert.pem", Environment.GetEnvironmentVariable("RAFT_CA")!);

                Task<ICommunication> Plain() => RaftCommunication.StartSeparateCommunicationAsync(9000, null);
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Silent_ForALookAlikeMethod()
    {
        const string source = """
            using System.Threading.Tasks;

            static class RaftCommunication
            {
                public static Task StartSecureCommunicationAsync(int port, string? keyFile, string? certFile, string? caFile) => Task.CompletedTask;
            }

            class Node
            {
                Task Start() => RaftCommunication.StartSecureCommunicationAsync(9000, null, "", "");
            }
            """;
        await Verify.VerifyAsync(source);
    }
}
