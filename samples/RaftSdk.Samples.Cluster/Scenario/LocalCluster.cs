using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Samples.Cluster.Processes;

namespace RaftSdk.Samples.Cluster.Scenario;

/// <summary>
/// The node processes of one run, by index: start, kill, restart (same id, ports and data), ask
/// who leads. Disposing it kills every process it started, by id.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly NodeSpec[] _specs;
    private readonly NodeProcess?[] _processes;
    private readonly string _nodeDll;
    private readonly string _peers;
    private readonly string _logDirectory;
    private readonly ScenarioOptions _options;
    private readonly Timeline _timeline;
    private readonly List<LeaderEvent> _leaders = new();
    private readonly List<int> _startedProcessIds = new();

    public LocalCluster(IReadOnlyList<NodeSpec> specs, string logDirectory, ScenarioOptions options, Timeline timeline, NodeApi api)
    {
        _specs = specs.ToArray();
        _processes = new NodeProcess?[_specs.Length];
        _nodeDll = NodeBinary.Locate(options.Engine);
        _peers = string.Join(",", _specs.Select(s => $"{s.Id}={s.RaftAddress}"));
        _logDirectory = logDirectory;
        _options = options;
        _timeline = timeline;
        Api = api;
    }

    public NodeApi Api { get; }

    public int Count => _specs.Length;

    public IReadOnlyList<NodeSpec> Specs => _specs;

    /// <summary>Every process id this cluster started, killed or not (the test checks they are all gone).</summary>
    public IReadOnlyList<int> StartedProcessIds
    {
        get
        {
            lock (_startedProcessIds)
            {
                return _startedProcessIds.ToArray();
            }
        }
    }

    /// <summary>Every "I am the leader of term T" a node announced, killed ones included.</summary>
    public IReadOnlyList<LeaderEvent> Leaders
    {
        get
        {
            lock (_leaders)
            {
                return _leaders.ToArray();
            }
        }
    }

    public bool IsRunning(int index) => _processes[index] is { HasExited: false };

    public IEnumerable<int> Running => Enumerable.Range(0, Count).Where(IsRunning);

    public string Name(int index) => $"node{_specs[index].Id}";

    /// <summary>CPU time used so far by the nodes running now, together.</summary>
    public TimeSpan ProcessorTimeOfRunning() =>
        Running.Aggregate(TimeSpan.Zero, (sum, index) => sum + (_processes[index]?.ProcessorTime ?? TimeSpan.Zero));

    /// <summary>
    /// Starts node <paramref name="index"/> and waits until it serves (its @ready line). A node that
    /// exits with code 3 could not bind its port, which a short-lived connection of another program
    /// may hold for a moment: that is retried a few times, since the port cannot change.
    /// </summary>
    public async Task StartAsync(int index, CancellationToken cancellationToken)
    {
        const int Attempts = 5;
        NodeSpec spec = _specs[index];
        string log = Path.Combine(_logDirectory, $"{Name(index)}.log");
        for (int attempt = 1; ; attempt++)
        {
            NodeProcess process = NodeProcess.Start(_nodeDll, spec.Arguments(_peers, _options.HeartbeatMs, _options.ElectionTimeoutMs, _options.NodeTransportArgument), log, OnEvent);
            _processes[index] = process;
            lock (_startedProcessIds)
            {
                _startedProcessIds.Add(process.ProcessId);
            }

            try
            {
                _ = await process.WaitForEventAsync("ready", _options.Scaled(30), cancellationToken).ConfigureAwait(false);
                _timeline.Add($"{Name(index)} serving (pid {process.ProcessId}): Raft on {spec.RaftAddress}, HTTP API on 127.0.0.1:{spec.HttpPort}");
                return;
            }
            catch (InvalidOperationException) when (process.ExitCode == 3 && attempt < Attempts)
            {
                _timeline.Add($"{Name(index)} could not bind its ports (attempt {attempt} of {Attempts}; see {log}); starting it again");
                await WaitForExitAsync(index).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
            {
                throw new InvalidOperationException($"{Name(index)} did not start: {exception.Message} Log: {log}", exception);
            }
        }
    }

    /// <summary>SIGKILL, by process id: the node gets no chance to flush or say goodbye.</summary>
    public void Kill(int index)
    {
        NodeProcess process = _processes[index] ?? throw new InvalidOperationException($"{Name(index)} is not running.");
        process.Kill();
    }

    public async Task WaitForExitAsync(int index)
    {
        if (_processes[index] is { } process)
        {
            await process.DisposeAsync().ConfigureAwait(false);
            _processes[index] = null;
        }
    }

    /// <summary>
    /// Asks every running node for its status until one leads in a term of at least
    /// <paramref name="minimumTerm"/> and no running node knows a newer term. Polls: there is
    /// nothing to wait on across processes, and every wait is bounded.
    /// </summary>
    public async Task<(int Index, NodeStatusView Status)> WaitForLeaderAsync(ulong minimumTerm, TimeSpan timeout, CancellationToken cancellationToken)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            (int Index, NodeStatusView? Status)[] statuses = await StatusesAsync(cancellationToken).ConfigureAwait(false);
            ulong newest = statuses.Max(s => s.Status?.Term ?? 0);
            foreach ((int index, NodeStatusView? status) in statuses)
            {
                if (status is { IsLeader: true } && status.Term >= minimumTerm && status.Term == newest)
                {
                    return (index, status);
                }
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"No leader of term {minimumTerm} or later within {timeout.TotalSeconds:0.#} s.");
    }

    public async Task<(int Index, NodeStatusView? Status)[]> StatusesAsync(CancellationToken cancellationToken)
    {
        int[] running = Running.ToArray();
        NodeStatusView?[] answers = await Task.WhenAll(running.Select(i => Api.TryStatusAsync(_specs[i].HttpPort, cancellationToken))).ConfigureAwait(false);
        return running.Select((index, k) => (index, answers[k])).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        for (int i = 0; i < _processes.Length; i++)
        {
            await WaitForExitAsync(i).ConfigureAwait(false);
        }
    }

    private void OnEvent(NodeEvent nodeEvent)
    {
        if (nodeEvent.Name == "caughtup")
        {
            _timeline.Add(nodeEvent.At, $"node{nodeEvent.Number("id")} caught node{nodeEvent.Number("peer")} up to {nodeEvent.Number("index")} with {nodeEvent.Number("batches")} Join batch(es)");
            return;
        }

        if (nodeEvent.Name != "leader")
        {
            return;
        }

        var leader = new LeaderEvent(nodeEvent.Number("id"), nodeEvent.Number("term"), nodeEvent.At);
        lock (_leaders)
        {
            _leaders.Add(leader);
        }

        _timeline.Add(leader.At, $"node{leader.NodeId} is leader of term {leader.Term}");
    }
}

/// <summary>A node announced it won the election of a term (node clock).</summary>
public sealed record LeaderEvent(ulong NodeId, ulong Term, DateTimeOffset At);
