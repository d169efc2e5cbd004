using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Google.Protobuf;
using RaftSdk.ChangeAgent.Tests.Infrastructure;
using RaftSdk.Server;
using Xunit;
using Xunit.Abstractions;

namespace RaftSdk.ChangeAgent.Tests.Reliability;

/// <summary>Runs alone: it measures this process's resident memory, which other tests would disturb.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMemoryCollection
{
    public const string Name = "process memory";
}

/// <summary>
/// 16 amplifying 8 MiB bodies at once hold the process within the server's memory budget
/// (issue 13, finding 1: before, each decoded to ~100 MB and all were answered 200). Measured as
/// this test process's peak resident set (Linux VmHWM, reset before the flood), so it counts
/// everything: Kestrel's buffers, the bodies, the decoded records, the GC's slack, and the
/// client's side of the requests (one shared 8 MiB array).
/// </summary>
[Collection(ProcessMemoryCollection.Name)]
public sealed class HostileBodyMemoryTests(ITestOutputHelper output)
{
    private const int Requests = 16;
    private const int BodySize = (8 * 1024 * 1024) + 60; // just past the decoded-field limit: 413 after decoding
    private const long Budget = RaftServerOptions.DefaultMaxRequestBytesInFlight;

    // The budget bounds what requests hold; the runtime's own slack (GC heap not yet given back,
    // Kestrel's pools, thread stacks) may come on top. Measured: +233 to +245 MiB in all (issue 18 round 2).
    private const long Allowed = Budget + (64L * 1024 * 1024);

    [Fact]
    public async Task Sixteen_amplifying_bodies_at_once_stay_within_the_budget()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // VmHWM is Linux's; CI runs on Linux
        }

        var raft = new QuietRaft();
        await using ICommunication node = await Nodes.StartAsync(raft, new RaftCommunicationOptions { BindAddress = IPAddress.Loopback });
        byte[] body = HostileBody.TinyEntries(BodySize);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(120) };
        string url = $"http://{node.Address()}/raft/append";

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long before = Rss("VmRSS:");
        File.WriteAllText("/proc/self/clear_refs", "5"); // VmHWM := VmRSS

        HttpStatusCode[] statuses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async _ =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(RaftCommunication.ContentType);
            using HttpResponseMessage response = await http.PostAsync(url, content);
            return response.StatusCode;
        }));
        long peak = Rss("VmHWM:");

        output.WriteLine($"RSS before {before >> 20} MiB, peak {peak >> 20} MiB (+{(peak - before) >> 20} MiB, allowed +{Allowed >> 20} MiB); answers: {string.Join(", ", statuses.GroupBy(s => (int)s).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}"))}");
        Assert.All(statuses, s => Assert.Contains((int)s, new[] { 413, 503 }));
        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        Assert.InRange(peak - before, 0, Allowed);
        Assert.Equal(0, raft.AppendedEntries);

        // The node still serves ordinary calls afterwards.
        var vote = new ByteArrayContent(new VoteRequest { Term = 1 }.ToProto().ToByteArray());
        vote.Headers.ContentType = MediaTypeHeaderValue.Parse(RaftCommunication.ContentType);
        using HttpResponseMessage after = await http.PostAsync($"http://{node.Address()}/raft/requestvote", vote);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private static long Rss(string key)
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(key, StringComparison.Ordinal));
        return long.Parse(line[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
