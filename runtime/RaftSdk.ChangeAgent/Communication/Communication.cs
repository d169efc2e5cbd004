using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using RaftSdk.Hosting;
using RaftSdk.Server;
using RaftSdk.Tls;
using RaftSdk.Transport;

namespace RaftSdk.ChangeAgent;

/// <summary>
/// The communication object: the generated <see cref="RaftClient"/> for outgoing calls, the
/// generated <see cref="RaftDispatcher"/> routes behind a <see cref="RaftEndpoint{TService}"/>
/// for incoming ones, and the Raft that <see cref="SetRaft"/> wires in.
/// </summary>
internal sealed class Communication : ICommunication
{
    private readonly RaftClientCore _core;
    private readonly RaftClient _client;
    private readonly RaftTlsCredentials? _tls;
    private readonly bool _ownsTls;
    private volatile IRaft? _raft;
    private volatile ServedRaft? _served;
    private int _disposed;

    public Communication(RaftCommunicationOptions options, RaftTlsCredentials? tls, bool ownsTls = true)
    {
        _tls = tls;
        _ownsTls = ownsTls;
        _core = new RaftClientCore(new RaftClientOptions
        {
            ContentType = RaftCommunication.ContentType,
            Timeout = options.RequestTimeout,
            Tls = tls,
            MaxResponseBodySize = options.MaxResponseBodySize,
            LoggerFactory = options.LoggerFactory,
        });
        _client = new RaftClient(_core);
        var serverOptions = new RaftServerOptions
        {
            ContentType = RaftCommunication.ContentType,
            ServiceNotSetMessage = RaftCommunication.RaftNotSetMessage,
            MaxRequestBodySize = options.MaxRequestBodySize,
            MaxDecodedFields = options.MaxDecodedFields,
            MaxRequestBytesInFlight = options.MaxRequestBytesInFlight,
            HandlerTimeout = options.HandlerTimeout,
            MaxCallsInFlightPerRoute = options.MaxCallsInFlightPerRoute,
            LoggerFactory = options.LoggerFactory,
        };
        Endpoint = new RaftEndpoint<IRaft>(RaftDispatcher.Routes, serverOptions, () => _served);
    }

    internal RaftEndpoint<IRaft> Endpoint { get; }

    internal RaftListener? Listener { get; set; }

    /// <summary>The port of a listener this object does not own (the host's), when it is served on one.</summary>
    internal Func<int>? HostedPort { get; set; }

    /// <summary>This node as the host serves it: the endpoint, its paths, and whether SetRaft was called.</summary>
    internal RaftHostedContract HostedContract => new(nameof(IRaft), Endpoint.HandleAsync, Endpoint.Paths, () => _raft is not null);

    public int Port => Listener?.Port ?? HostedPort?.Invoke() ?? 0;

    public void SetRaft(IRaft raft)
    {
        ArgumentNullException.ThrowIfNull(raft);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _served = new ServedRaft(raft);
        _raft = raft;
    }

    public Task<NodeId> DiscoverAsync(string address, CancellationToken cancellationToken = default)
    {
        EnsureReady();
        return _client.MyIdAsync(address, cancellationToken);
    }

    public void RequestVote(string address, VoteRequest request, ChannelWriter<VoteResponse> responses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responses);
        EnsureReady();

        // The caller is a Raft loop that must not wait on the network: run the call elsewhere.
        _ = Task.Run(() => DeliverVoteAsync(address, request, responses, cancellationToken), CancellationToken.None);
    }

    public Task<VoteResponse> RequestVoteAsync(string address, VoteRequest request, CancellationToken cancellationToken = default)
    {
        EnsureReady();
        return _client.RequestVoteAsync(address, request, cancellationToken);
    }

    public Task<AppendResponse> AppendAsync(string address, AppendRequest request, CancellationToken cancellationToken = default)
    {
        EnsureReady();
        return _client.AppendAsync(address, request, cancellationToken);
    }

    public Task<ProposalResponse> ProposeAsync(string address, Entry entry, CancellationToken cancellationToken = default)
    {
        EnsureReady();
        return _client.ProposeAsync(address, entry, cancellationToken);
    }

    public Task<ProposalResponse> JoinAsync(string address, JoinRequest request, CancellationToken cancellationToken = default)
    {
        EnsureReady();
        return _client.JoinAsync(address, request, cancellationToken);
    }

    public void Close() => Dispose();

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (Listener is { } listener)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        _core.Dispose();
        if (_ownsTls)
        {
            _tls?.Dispose();
        }
    }

    private async Task DeliverVoteAsync(string address, VoteRequest request, ChannelWriter<VoteResponse> responses, CancellationToken cancellationToken)
    {
        VoteResponse response;
        try
        {
            response = await _client.RequestVoteAsync(address, request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            response = new VoteResponse { NodeAddress = address, Error = exception };
        }

        try
        {
            await responses.WriteAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ChannelClosedException or OperationCanceledException)
        {
            // The caller closed its channel or gave up: nobody is waiting for this answer.
        }
    }

    private void EnsureReady()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_raft is null)
        {
            throw new InvalidOperationException(
                "SetRaft must be called to wire up the communication module before anything else may be called.");
        }
    }
}
