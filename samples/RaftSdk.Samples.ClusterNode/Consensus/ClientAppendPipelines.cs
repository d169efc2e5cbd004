using System;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent;
using RaftSdk.Tls;
using RaftSdk.Transport;

namespace RaftSdk.Samples.ClusterNode.Consensus;

/// <summary>
/// Appends over the generated client's HTTP/1.1 pipeline (<c>RaftClient.OpenPipelineAsync</c>): one
/// connection per follower with up to <see cref="Depth"/> appends on the wire, answered in order, so
/// a follower sees them in order without a round trip each. A client of its own: its connections are
/// apart from the request/response calls (heartbeats, votes, Join), which never wait behind it.
/// </summary>
internal sealed class ClientAppendPipelines : IAppendPipelines, IDisposable
{
    private readonly RaftClientCore _core;
    private readonly RaftClient _client;
    private readonly RaftTlsCredentials? _tls;

    public ClientAppendPipelines(int depth, TimeSpan timeout, RaftTlsCredentials? tls)
    {
        Depth = depth;
        _tls = tls;
        _core = new RaftClientCore(new RaftClientOptions { ContentType = RaftCommunication.ContentType, Timeout = timeout, Tls = tls });
        _client = new RaftClient(_core);
    }

    public int Depth { get; }

    public async Task<IAppendPipeline> OpenAsync(string address, CancellationToken cancellationToken) =>
        new Pipeline(await _client.OpenPipelineAsync(address, Depth, cancellationToken).ConfigureAwait(false));

    public void Dispose()
    {
        _core.Dispose();
        _tls?.Dispose();
    }

    private sealed class Pipeline(RaftClient.Pipeline pipeline) : IAppendPipeline
    {
        public Task<AppendResponse> AppendAsync(AppendRequest request, CancellationToken cancellationToken) => pipeline.AppendAsync(request, cancellationToken);

        public ValueTask DisposeAsync() => pipeline.DisposeAsync();
    }
}
