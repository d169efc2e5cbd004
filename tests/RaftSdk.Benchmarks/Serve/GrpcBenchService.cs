using System.Threading.Tasks;
using Grpc.Core;
using RaftSdk.Benchmarks.Grpc;
using RaftSdk.ChangeAgent.Protobufs;

namespace RaftSdk.Benchmarks.Serve;

/// <summary>The gRPC counterpart of <see cref="BenchRaft"/>, written as a grpc-dotnet user would.</summary>
internal sealed class GrpcBenchService : RaftBench.RaftBenchBase
{
    public override Task<AppendResponsePb> Append(AppendRequestPb request, ServerCallContext context) =>
        Task.FromResult(new AppendResponsePb { Term = request.Term, Success = false });
}
