using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Benchmarks.Serve;

namespace RaftSdk.Benchmarks.Compare;

/// <summary>
/// A <c>serve</c> child process of this same executable, bound to 127.0.0.1. It stops when told
/// to, when its standard input closes (so it dies with us), or after its own time limit.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, ServeCommand.ReadyLine ready)
    {
        _process = process;
        Ready = ready;
    }

    public ServeCommand.ReadyLine Ready { get; }

    public string Target => "127.0.0.1:" + Ready.Port;

    public string Control => "127.0.0.1:" + Ready.ControlPort;

    public static async Task<ServerProcess> StartAsync(string kind, string? tlsDirectory, double maxSeconds)
    {
        var arguments = new List<string> { "serve", "--kind", kind, "--port", "0", "--bind", "127.0.0.1", "--exit-on-stdin-close", "--max-seconds", ((int)maxSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (tlsDirectory is not null)
        {
            arguments.Add("--tls");
            arguments.Add(tlsDirectory);
        }

        ProcessStartInfo start = SelfStartInfo(arguments);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = false;
        Process process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start the server process.");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            string? line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            ServeCommand.ReadyLine ready = line is null
                ? throw new InvalidOperationException($"The {kind} server exited before it was ready.")
                : JsonSerializer.Deserialize<ServeCommand.ReadyLine>(line) ?? throw new InvalidOperationException($"Bad ready line: {line}");

            // Keep draining its output so that it never blocks on a full pipe.
            _ = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is string more)
                {
                    Console.Error.WriteLine($"[{kind} server] {more}");
                }
            });
            return new ServerProcess(process, ready);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>The way to start this executable again: the apphost, or <c>dotnet the.dll</c>.</summary>
    public static ProcessStartInfo SelfStartInfo(IEnumerable<string> arguments)
    {
        string path = Environment.ProcessPath ?? throw new InvalidOperationException("Unknown process path.");
        var start = new ProcessStartInfo { UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(path), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.FileName = path;
            start.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        }
        else
        {
            start.FileName = path;
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using HttpResponseMessage answer = await http.PostAsync(new Uri("http://" + Control + "/quit"), content: null);
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or InvalidOperationException)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
