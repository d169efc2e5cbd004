using System.Threading.Tasks;
using RaftSdk.Analyzers.Rules.UseBeforeSetRaft;
using Xunit;
using Verify = RaftSdk.Analyzers.Tests.Infrastructure.AnalyzerVerifier<RaftSdk.Analyzers.Rules.UseBeforeSetRaft.UseBeforeSetRaftAnalyzer>;

namespace RaftSdk.Analyzers.Tests.UseBeforeSetRaft;

public class SmokeTests
{
    [Fact]
    public async Task Smoke()
    {
        const string source = """
            using System.Threading.Tasks;
            using RaftSdk.ChangeAgent;

            class Node
            {
                async Task Run(AppendRequest request)
                {
                    var comm = await RaftCommunication.StartSeparateCommunicationAsync(0);
                    await {|RAFT101:comm.AppendAsync("node1:9000", request)|};
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }
}
