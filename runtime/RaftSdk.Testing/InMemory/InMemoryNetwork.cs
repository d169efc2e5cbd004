using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RaftSdk.Server;
using RaftSdk.Transport;

namespace RaftSdk.Testing;

/// <summary>
/// Nodes of any contract connected in one process, without sockets (hashicorp/raft's
/// InmemTransport is the model): a client made by <see cref="CreateClientCore"/> sends its
/// encoded request bytes to the node's request delegate, which decodes them with the generated
/// codec, exactly as over HTTP. Faults are per directed link: <see cref="Disconnect"/> and
/// <see cref="Partition"/> (calls fail at once with <see cref="RaftConnectionException"/>,
/// <see cref="RaftConnectionFailure.ConnectionRefused"/>), <see cref="SetFaults"/> (drop, delay,
/// jitter), and <see cref="Pause"/>/<see cref="Resume"/> to hold calls and deliver them reordered.
/// <see cref="Heal"/> undoes all of it. Thread-safe.
/// </summary>
/// <remarks>
/// Pipelines (<c>core.OpenPipelineAsync</c>) run too: each gets a connection of its own whose
/// node side reads the pipeline's HTTP/1.1 requests one at a time, in order, as Kestrel does. The
/// faults apply per request, the way a TCP connection can show them: opening over a cut link is
/// refused; a link cut under an open pipeline resets its connection
/// (<see cref="RaftConnectionFailure.ConnectionReset"/>); a lost request or answer leaves the
/// connection silent, so the calls in flight end with the pipeline's timeout; a delay or a pause
/// holds the request and every one behind it (one connection cannot reorder: <see cref="Resume"/>
/// delivers a pipeline's requests in order whatever order it is given, and
/// <see cref="WaitForHeldAsync"/> counts only the first of them).
/// </remarks>
public sealed class InMemoryNetwork
{
    private readonly ConcurrentDictionary<string, RequestDelegate> _nodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string From, string To), bool> _cut = new();
    private readonly ConcurrentDictionary<(string From, string To), InMemoryFaults> _faults = new();
    private readonly ConcurrentDictionary<(string From, string To), HeldCalls> _held = new();
    private readonly Random _random;
    private readonly object _randomLock = new();
    private int _nextCallerPort = 40000;

    /// <summary>Creates an empty network.</summary>
    /// <param name="seed">Seeds the random source of drops, jitter and shuffles, so a run can be replayed.</param>
    public InMemoryNetwork(int seed = 0)
    {
        _random = new Random(seed);
    }

    /// <summary>Faults of links that have none of their own (<see cref="SetFaults"/>); none by default.</summary>
    public InMemoryFaults DefaultFaults { get; set; } = InMemoryFaults.None;

    /// <summary>The addresses of the nodes on the network.</summary>
    public IReadOnlyCollection<string> Addresses => _nodes.Keys.ToArray();

    /// <summary>Adds a node that serves requests with <paramref name="server"/>.</summary>
    /// <param name="address">Its address, <c>host:port</c> as peers call it (no name is ever resolved).</param>
    /// <param name="server">Serves its requests, for example <c>endpoint.HandleAsync</c>.</param>
    public void AddNode(string address, RequestDelegate server)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        ArgumentNullException.ThrowIfNull(server);
        if (!_nodes.TryAdd(address, server))
        {
            throw new ArgumentException($"A node {address} is already on the network.", nameof(address));
        }
    }

    /// <summary>Adds a node serving a generated contract: <c>AddNode("a:1", GreeterDispatcher.Routes, GreeterDispatcher.ContentType, greeter)</c>.</summary>
    /// <typeparam name="TService">The contract interface.</typeparam>
    /// <param name="address">The node's address.</param>
    /// <param name="routes">The generated routes.</param>
    /// <param name="contentType">The contract's content type.</param>
    /// <param name="service">The implementation; null answers 503, as a real node before its service is set.</param>
    public void AddNode<TService>(string address, IReadOnlyList<RaftRoute<TService>> routes, string contentType, TService? service)
        where TService : class
    {
        var endpoint = new RaftEndpoint<TService>(routes, new RaftServerOptions { ContentType = contentType }, () => service);
        AddNode(address, endpoint.HandleAsync);
    }

    /// <summary>Takes a node off the network (a crash): calls to it are refused.</summary>
    /// <param name="address">The node's address.</param>
    /// <returns>True when the node was there.</returns>
    public bool RemoveNode(string address) => _nodes.TryRemove(address, out _);

    /// <summary>
    /// A client core whose calls leave from <paramref name="from"/> (the faults of its links
    /// apply). Give it to a generated client: <c>new GreeterClient(network.CreateClientCore("a:1", GreeterClient.ContentType))</c>.
    /// </summary>
    /// <param name="from">The calling node's address (it need not serve anything).</param>
    /// <param name="contentType">The contract's content type.</param>
    /// <param name="timeout">The call timeout; dropped calls end with it. 10 seconds by default.</param>
    /// <param name="loggerFactory">Where the client logs its failures, as a real one does.</param>
    /// <returns>The core; dispose it when done.</returns>
    public RaftClientCore CreateClientCore(string from, string contentType, TimeSpan? timeout = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(from);
        var caller = new IPEndPoint(IPAddress.Loopback, Interlocked.Increment(ref _nextCallerPort));
        return new RaftClientCore(
            new RaftClientOptions { ContentType = contentType, Timeout = timeout ?? RaftClientOptions.DefaultTimeout, LoggerFactory = loggerFactory },
            new Handler(this, from, caller),
            (to, _) => ConnectAsync(from, to));
    }

    /// <summary>Cuts the link from <paramref name="from"/> to <paramref name="to"/> (one direction).</summary>
    /// <param name="from">The caller.</param>
    /// <param name="to">The callee.</param>
    public void Disconnect(string from, string to) => _cut[(from, to)] = true;

    /// <summary>Restores the link from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="from">The caller.</param>
    /// <param name="to">The callee.</param>
    public void Connect(string from, string to) => _cut.TryRemove((from, to), out _);

    /// <summary>Splits the network: the nodes in <paramref name="side"/> reach each other but none of the rest, both ways.</summary>
    /// <param name="side">The addresses of one side.</param>
    public void Partition(params string[] side)
    {
        ArgumentNullException.ThrowIfNull(side);
        var inside = new HashSet<string>(side, StringComparer.Ordinal);
        foreach (string a in inside)
        {
            foreach (string b in _nodes.Keys.Where(n => !inside.Contains(n)))
            {
                Disconnect(a, b);
                Disconnect(b, a);
            }
        }
    }

    /// <summary>Sets the faults of the link from <paramref name="from"/> to <paramref name="to"/>; null goes back to <see cref="DefaultFaults"/>.</summary>
    /// <param name="from">The caller.</param>
    /// <param name="to">The callee.</param>
    /// <param name="faults">The faults.</param>
    public void SetFaults(string from, string to, InMemoryFaults? faults)
    {
        if (faults is null)
        {
            _faults.TryRemove((from, to), out _);
            return;
        }

        faults.Validate();
        _faults[(from, to)] = faults;
    }

    /// <summary>Holds every call on the link from <paramref name="from"/> to <paramref name="to"/> until <see cref="Resume"/>.</summary>
    /// <param name="from">The caller.</param>
    /// <param name="to">The callee.</param>
    public void Pause(string from, string to) => _held.GetOrAdd((from, to), _ => new HeldCalls());

    /// <summary>Waits until <paramref name="count"/> calls are held on a paused link.</summary>
    /// <param name="from">The caller.</param>
    /// <param name="to">The callee.</param>
    /// <param name="count">The number of calls to wait for.</param>
    /// <param name="cancellationToken">Gives up waiting.</param>
    /// <returns>A task that completes when that many calls are held.</returns>
    public Task WaitForHeldAsync(string from, string to, int count, CancellationToken cancellationToken = default)
    {
        if (!_held.TryGetValue((from, to), out HeldCalls? held))
        {
            throw new InvalidOperationException($"The link {from} -> {to} is not paused.");
        }

        return held.WaitForAsync(count, cancellationToken);
    }

    /// <summary>Delivers the calls held on a paused link in the given order and stops holding.</summary>
    /// <param name="from">The caller.</param>
    /// <param name="to">The callee.</param>
    /// <param name="order">The delivery order.</param>
    public void Resume(string from, string to, InMemoryDelivery order = InMemoryDelivery.InOrder)
    {
        if (!_held.TryRemove((from, to), out HeldCalls? held))
        {
            return;
        }

        List<HeldCall> calls = held.Close();
        if (order == InMemoryDelivery.Reversed)
        {
            calls.Reverse();
        }
        else if (order == InMemoryDelivery.Shuffled)
        {
            HeldCall[] shuffled = calls.ToArray();
            lock (_randomLock)
            {
                _random.Shuffle(shuffled);
            }

            calls = shuffled.ToList();
        }

        // One at a time, each released only after the previous one reached the server, so the
        // server sees them in exactly this order.
        _ = ReleaseInOrderAsync(calls);
    }

    /// <summary>Reconnects every link, clears every fault and delivers held calls in order.</summary>
    public void Heal()
    {
        _cut.Clear();
        _faults.Clear();
        DefaultFaults = InMemoryFaults.None;
        foreach ((string From, string To) link in _held.Keys.ToArray())
        {
            Resume(link.From, link.To);
        }
    }

    private static async Task ReleaseInOrderAsync(List<HeldCall> calls)
    {
        // One at a time: each call is released once the one before it was served (or failed),
        // so the server sees them in exactly this order.
        foreach (HeldCall call in calls)
        {
            call.Release.TrySetResult();
            await call.Done.Task.ConfigureAwait(false);
        }
    }

    private bool Chance(double probability)
    {
        if (probability <= 0)
        {
            return false;
        }

        lock (_randomLock)
        {
            return _random.NextDouble() < probability;
        }
    }

    private TimeSpan DelayOf(InMemoryFaults faults)
    {
        if (faults.Jitter <= TimeSpan.Zero)
        {
            return faults.Delay;
        }

        lock (_randomLock)
        {
            return faults.Delay + (faults.Jitter * _random.NextDouble());
        }
    }

    /// <summary>
    /// Waits while the link is paused (<see cref="Pause"/>): the held call, to be marked done once
    /// it was served or failed, or null when the link is not paused.
    /// </summary>
    internal async Task<HeldCall?> HoldAsync(string from, string to, CancellationToken cancellationToken)
    {
        if (!_held.TryGetValue((from, to), out HeldCalls? held) || !held.TryHold(out HeldCall? heldCall))
        {
            return null;
        }

        try
        {
            await heldCall.Release.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return heldCall;
        }
        catch
        {
            heldCall.Done.TrySetResult();
            throw;
        }
    }

    /// <summary>
    /// One request crossing the link: its delay, then whether it reaches a node (null server:
    /// the link is cut or the node gone, <c>Unreachable</c> says why) and whether the request or
    /// the answer is lost on the way.
    /// </summary>
    internal async Task<LinkCrossing> CrossAsync(string from, string to, CancellationToken cancellationToken)
    {
        InMemoryFaults faults = _faults.TryGetValue((from, to), out InMemoryFaults? own) ? own : DefaultFaults;
        TimeSpan delay = DelayOf(faults);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }

        string? unreachable = Unreachable(from, to);
        if (unreachable is not null || !_nodes.TryGetValue(to, out RequestDelegate? server))
        {
            return new LinkCrossing(null, $"In-memory network: {from} cannot reach {to} ({unreachable ?? "no such node"}).", false, false);
        }

        bool dropRequest = Chance(faults.DropRequestProbability);
        return new LinkCrossing(server, null, dropRequest, !dropRequest && Chance(faults.DropResponseProbability));
    }

    private string? Unreachable(string from, string to) =>
        _cut.ContainsKey((from, to)) ? "link cut" : _nodes.ContainsKey(to) ? null : "no such node";

    private async Task<HttpResponseMessage> DeliverAsync(string from, IPEndPoint caller, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string to = request.RequestUri?.Authority ?? string.Empty;
        // Encoded before anything else, as a real client does before the first byte leaves.
        byte[] body = await InMemoryExchange.ReadRequestBodyAsync(request, cancellationToken).ConfigureAwait(false);
        HeldCall? heldCall = await HoldAsync(from, to, cancellationToken).ConfigureAwait(false);
        try
        {
            LinkCrossing crossing = await CrossAsync(from, to, cancellationToken).ConfigureAwait(false);
            if (crossing.Server is not RequestDelegate server)
            {
                throw new HttpRequestException(HttpRequestError.ConnectionError, crossing.Unreachable, new SocketException((int)SocketError.ConnectionRefused));
            }

            if (crossing.DropRequest)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }

            if (crossing.DropResponse)
            {
                // The request was delivered, so the peer does the work whatever the caller does meanwhile;
                // serving it to the end before the caller can give up makes "done but unanswered" deterministic.
                HttpResponseMessage dropped = await InMemoryExchange.ServeAsync(server, request, body, caller, CancellationToken.None).ConfigureAwait(false);
                dropped.Dispose();
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }

            return await InMemoryExchange.ServeAsync(server, request, body, caller, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            heldCall?.Done.TrySetResult();
        }
    }

    // A pipeline's connection from a node: refused at once when the link is cut, as a call is.
    private ValueTask<Stream> ConnectAsync(string from, string to)
    {
        if (Unreachable(from, to) is string unreachable)
        {
            throw new IOException($"In-memory network: {from} cannot connect to {to} ({unreachable}).", new SocketException((int)SocketError.ConnectionRefused));
        }

        var caller = new IPEndPoint(IPAddress.Loopback, Interlocked.Increment(ref _nextCallerPort));
        return ValueTask.FromResult(InMemoryConnection.Open(this, from, to, caller));
    }

    private sealed class Handler(InMemoryNetwork network, string from, IPEndPoint caller) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            network.DeliverAsync(from, caller, request, cancellationToken);
    }

    internal sealed class HeldCall
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class HeldCalls
    {
        private readonly List<HeldCall> _calls = new();
        private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = new();
        private bool _closed;

        public bool TryHold([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HeldCall? call)
        {
            lock (_calls)
            {
                if (_closed)
                {
                    call = null;
                    return false;
                }

                call = new HeldCall();
                _calls.Add(call);
                foreach ((int count, TaskCompletionSource reached) in _waiters)
                {
                    if (_calls.Count >= count)
                    {
                        reached.TrySetResult();
                    }
                }

                return true;
            }
        }

        public Task WaitForAsync(int count, CancellationToken cancellationToken)
        {
            lock (_calls)
            {
                if (_calls.Count >= count)
                {
                    return Task.CompletedTask;
                }

                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, reached));
                return reached.Task.WaitAsync(cancellationToken);
            }
        }

        public List<HeldCall> Close()
        {
            lock (_calls)
            {
                _closed = true;
                return new List<HeldCall>(_calls);
            }
        }
    }
}
