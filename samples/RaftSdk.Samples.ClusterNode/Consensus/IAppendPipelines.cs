using System;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent;

namespace RaftSdk.Samples.ClusterNode.Consensus;

/// <summary>Opens ordered streams of appends to a peer: the leader's replication path to one follower.</summary>
internal interface IAppendPipelines
{
    /// <summary>How many appends the leader keeps unanswered on one stream.</summary>
    int Depth { get; }

    Task<IAppendPipeline> OpenAsync(string address, CancellationToken cancellationToken);
}

/// <summary>Appends sent in call order and answered in that order; broken for good after a failure (open another).</summary>
internal interface IAppendPipeline : IAsyncDisposable
{
    Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken);
}
