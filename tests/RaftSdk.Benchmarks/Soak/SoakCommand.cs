using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.ChangeAgent;
using RaftSdk.Testing;

namespace RaftSdk.Benchmarks.Soak;

/// <summary>
/// <c>soak</c>: a leader appends numbered entries to a follower for a given time while faults
/// are injected: the follower's listener is stopped and restarted on the same port, its Raft is
/// slow or throws on a share of calls, and mutated bodies are mixed into the traffic. A failed
/// append is resent until it succeeds, as a Raft leader does. Reports calls, failures by kind,
/// entries checked, lost (acknowledged but never received), duplicated (received more than once,
/// which resends after a lost answer legitimately cause), corrupt, the answers to bad bodies,
/// and this process's RSS over time. Client and server run in this one process.
/// </summary>
internal static class SoakCommand
{
    public static async Task<int> RunAsync(CommandLine args)
    {
        double minutes = args.Double("minutes", 1);
        int workers = args.Int("concurrency", 8);
        int capacity = args.Int("max-entries", 16_000_000);
        double throwShare = args.Double("throw-share", 0.02);
        double slowShare = args.Double("slow-share", 0.05);
        int restartSeconds = args.Int("restart-every-seconds", 30);
        ulong seed = (ulong)args.Int("seed", 1);
        args.EnsureAllRead();

        var raft = new SoakRaft(capacity, throwShare, slowShare);
        var options = new RaftCommunicationOptions { BindAddress = IPAddress.Loopback, RequestTimeout = TimeSpan.FromSeconds(5) };
        ICommunication server = await RaftCommunication.StartSeparateCommunicationAsync(0, options);
        server.SetRaft(raft);
        int port = server.Port;
        string address = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        await using ICommunication leader = await RaftCommunication.StartSeparateCommunicationAsync(0, options);
        leader.SetRaft(new SoakRaft(1, 0, 0));

        var failures = new ConcurrentDictionary<string, long>();
        var badBodyAnswers = new ConcurrentDictionary<string, long>();
        var rss = new List<string>();
        long calls = 0, acked = 0, restarts = 0;
        long nextIndex = 1;
        var clock = Stopwatch.StartNew();
        TimeSpan duration = TimeSpan.FromMinutes(minutes);
        using var stop = new CancellationTokenSource(duration);
        var serverGate = new SemaphoreSlim(1, 1);

        async Task LeaderLoopAsync(int worker)
        {
            var random = new SplitMix64(seed * 1000 + (ulong)worker);
            while (!stop.IsCancellationRequested)
            {
                int count = (int)(random.Next() % 8);
                long first = Interlocked.Add(ref nextIndex, count) - count;
                if (first + count >= capacity)
                {
                    return;
                }

                var request = new AppendRequest
                {
                    Term = 1,
                    LeaderId = new NodeId(SoakRaft.LeaderId),
                    PrevLogIndex = (ulong)first - 1,
                    Entries = Enumerable.Range(0, count).Select(i => SoakEntries.For((ulong)(first + i))).ToArray(),
                };

                // Resent until it succeeds: the entries must arrive whatever happened to the server.
                while (true)
                {
                    Interlocked.Increment(ref calls);
                    try
                    {
                        await leader.AppendAsync(address, request).ConfigureAwait(false);
                        Interlocked.Add(ref acked, count);
                        break;
                    }
                    catch (RaftTransportException e)
                    {
                        failures.AddOrUpdate(Kind(e), 1, (_, n) => n + 1);
                        await Task.Delay(20).ConfigureAwait(false);
                    }
                }
            }
        }

        async Task RestartLoopAsync()
        {
            var random = new SplitMix64(seed + 77);
            while (true)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(restartSeconds * (0.5 + ((random.Next() % 1000) / 1000.0))), stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                await serverGate.WaitAsync().ConfigureAwait(false);
                try
                {
                    await server.DisposeAsync().ConfigureAwait(false);
                    await Task.Delay(500).ConfigureAwait(false);
                    server = await StartOnPortAsync(port, options).ConfigureAwait(false);
                    server.SetRaft(raft);
                    Interlocked.Increment(ref restarts);
                }
                finally
                {
                    serverGate.Release();
                }
            }
        }

        async Task BadBodyLoopAsync()
        {
            var random = new SplitMix64(seed + 99);
            byte[][] seeds = [AppendBody(3), AppendBody(0)];
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            while (!stop.IsCancellationRequested)
            {
                var content = new ByteArrayContent(WireFuzz.Mutate(seeds[random.Next() % 2], random));
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(RaftCommunication.ContentType);
                string outcome;
                try
                {
                    using HttpResponseMessage response = await http.PostAsync($"http://{address}/raft/append", content).ConfigureAwait(false);
                    outcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                }
                catch (HttpRequestException e)
                {
                    outcome = "no answer (" + e.HttpRequestError + ")";
                }

                badBodyAnswers.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                await Task.Delay(10).ConfigureAwait(false);
            }
        }

        async Task SampleLoopAsync()
        {
            while (true)
            {
                rss.Add($"{clock.Elapsed.TotalSeconds,6:F0} s  RSS {Environment.WorkingSet >> 20,5} MiB  calls {Interlocked.Read(ref calls):N0}  acked entries {Interlocked.Read(ref acked):N0}  restarts {Interlocked.Read(ref restarts)}");
                Console.WriteLine(rss[^1]);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        Task[] loops = Enumerable.Range(0, workers).Select(LeaderLoopAsync)
            .Append(RestartLoopAsync()).Append(BadBodyLoopAsync()).Append(SampleLoopAsync()).ToArray();
        await Task.WhenAll(loops).ConfigureAwait(false);
        await server.DisposeAsync().ConfigureAwait(false);

        long sent = Interlocked.Read(ref nextIndex) - 1;
        long lost = 0, duplicated = 0, checkedEntries = 0;
        for (ulong index = 1; index <= (ulong)sent && index < (ulong)capacity; index++)
        {
            int received = raft.ReceivedCount(index);
            checkedEntries += received;
            if (received == 0)
            {
                lost++;
            }
            else if (received > 1)
            {
                duplicated += received - 1;
            }
        }

        Console.WriteLine();
        Console.WriteLine($"soak: {clock.Elapsed.TotalMinutes:F1} min, {workers} leaders' loops, server restarted {restarts} times, Raft throwing on {throwShare:P0} and slow on {slowShare:P0} of appends");
        Console.WriteLine($"  calls {calls:N0}; failures {failures.Values.Sum():N0}: {string.Join(", ", failures.OrderByDescending(f => f.Value).Select(f => $"{f.Key} x{f.Value:N0}"))}");
        Console.WriteLine($"  entries sent {sent:N0}, acknowledged {acked:N0}, received and checked field by field {checkedEntries:N0}; lost {lost:N0}, duplicated {duplicated:N0}, corrupt {raft.Corrupt:N0}");
        Console.WriteLine($"  mutated bodies: {string.Join(", ", badBodyAnswers.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => $"{b.Key} x{b.Value:N0}"))}");
        Console.WriteLine($"  RSS at the end {Environment.WorkingSet >> 20} MiB, peak {Process.GetCurrentProcess().PeakWorkingSet64 >> 20} MiB");
        return lost == 0 && raft.Corrupt == 0 && !badBodyAnswers.Keys.Any(k => k.StartsWith('5')) ? 0 : 1;
    }

    private static async Task<ICommunication> StartOnPortAsync(int port, RaftCommunicationOptions options)
    {
        // The old listener's port may take a moment to be free again.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await RaftCommunication.StartSeparateCommunicationAsync(port, options).ConfigureAwait(false);
            }
            catch (System.IO.IOException) when (attempt < 50)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }

    private static string Kind(RaftTransportException e) => e switch
    {
        RaftConnectionException c => "connection " + c.Failure,
        RaftStatusException s => "status " + s.StatusCode.ToString(CultureInfo.InvariantCulture),
        RaftTimeoutException => "timeout",
        RaftProtocolException => "protocol",
        _ => e.GetType().Name,
    };

    private static byte[] AppendBody(int entries)
    {
        var request = new AppendRequest
        {
            Term = 1,
            LeaderId = new NodeId(0x1234567890abcdef),
            Entries = Enumerable.Range(0, entries).Select(i => SoakEntries.For((ulong)i + 1)).ToArray(),
        };
        return Google.Protobuf.MessageExtensions.ToByteArray(request.ToProto());
    }
}
