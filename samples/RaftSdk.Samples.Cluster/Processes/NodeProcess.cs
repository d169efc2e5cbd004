using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace RaftSdk.Samples.Cluster.Processes;

/// <summary>
/// One running node process: started with <c>dotnet &lt;node dll&gt;</c>, its <c>@event</c> lines read
/// from standard output, its log (standard error) copied to a file. Killed by its process id.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<NodeEvent> _events;
    private readonly Task _stdout;
    private readonly Task _stderr;

    private NodeProcess(Process process, Channel<NodeEvent> events, Task stdout, Task stderr)
    {
        _process = process;
        _events = events;
        _stdout = stdout;
        _stderr = stderr;
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// CPU time (user + kernel) the process has used so far; zero once it has exited. The
    /// benchmark divides it by the writes of a phase: on a machine shared with other work, the
    /// CPU a write costs varies far less than the wall time it takes.
    /// </summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            try
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                return TimeSpan.Zero; // exited (killed) in the meantime
            }
        }
    }

    /// <summary>The exit code once the process has ended; null while it runs.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Starts the node; every <c>@event</c> it prints goes to <paramref name="onEvent"/> as well as to <see cref="WaitForEventAsync"/>.</summary>
    public static NodeProcess Start(string nodeDll, IReadOnlyList<string> arguments, string logFile, Action<NodeEvent> onEvent)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(nodeDll);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A node must not inherit a launcher's ASP.NET settings (a stray ASPNETCORE_URLS would move its API).
        start.Environment.Remove("ASPNETCORE_URLS");
        Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var events = Channel.CreateUnbounded<NodeEvent>();
        Task stdout = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (NodeEvent.TryParse(line, DateTimeOffset.UtcNow) is { } nodeEvent)
                {
                    onEvent(nodeEvent);
                    events.Writer.TryWrite(nodeEvent);
                }
            }

            events.Writer.TryComplete();
        });
        Task stderr = Task.Run(async () =>
        {
            await using var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
            while (await process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                await log.WriteLineAsync(line).ConfigureAwait(false);
            }
        });
        return new NodeProcess(process, events, stdout, stderr);
    }

    /// <summary>The next event named <paramref name="name"/>; fails when the process ends first or the time is up.</summary>
    public async Task<NodeEvent> WaitForEventAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            while (true)
            {
                NodeEvent nodeEvent = await _events.Reader.ReadAsync(limit.Token).ConfigureAwait(false);
                if (nodeEvent.Name == name)
                {
                    return nodeEvent;
                }
            }
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"Node process {ProcessId} exited (code {ExitCodeText()}) before it printed @{name}; see its log.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Node process {ProcessId} did not print @{name} within {timeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>SIGKILL (on Unix) for this process id: no shutdown code runs, as in a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            await Task.WhenAll(_stdout, _stderr).WaitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The kill was sent; the readers end with the process.
        }

        _process.Dispose();
    }

    private string ExitCodeText() => _process.HasExited ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "still running";
}
