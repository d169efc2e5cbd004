using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using RaftSdk.DotNext.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace RaftSdk.DotNext.Tests;

/// <summary>Alone in its collection: the test reads the process's peak memory, which other tests running beside it would raise.</summary>
[CollectionDefinition(nameof(LargeSnapshotMemoryTests), DisableParallelization = true)]
public sealed class LargeSnapshotMemoryCollection
{
}

/// <summary>
/// A large snapshot between DotNext members over Kestrel, with the test process's peak resident
/// memory (VmHWM, reset just before the late member starts) against the snapshot's size: the
/// sender streams it from its snapshot file and the receiver to a temporary file and on into
/// DotNext's, so the peak grows by buffers, not by the snapshot. The process holds both sides.
/// RAFTSDK_SNAPSHOT_MIB sets the size (64 MiB by default, 256 for the figure in docs/cluster.md).
/// </summary>
[Collection(nameof(LargeSnapshotMemoryTests))]
public sealed class LargeSnapshotMemoryTests
{
    private readonly ITestOutputHelper _output;

    public LargeSnapshotMemoryTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task A_large_snapshot_reaches_a_late_member_while_the_process_peak_memory_grows_by_far_less_than_its_size()
    {
        long mib = Environment.GetEnvironmentVariable("RAFTSDK_SNAPSHOT_MIB") is { Length: > 0 } text ? long.Parse(text, CultureInfo.InvariantCulture) : 64;
        long filler = mib * 1024 * 1024;
        await using var cluster = new KestrelCluster(tls: false);
        (KestrelHost[] hosts, string[] addresses) = await cluster.StartHostsAsync(3);
        TestMember first = await cluster.StartMemberAsync(hosts[0], addresses, snapshotEvery: 4, snapshotFillerBytes: filler);
        TestMember second = await cluster.StartMemberAsync(hosts[1], addresses, snapshotEvery: 4, snapshotFillerBytes: filler);
        TestMember leader = await cluster.LeaderAsync([first, second]);
        string[] written = Enumerable.Range(1, 5).Select(i => $"value-{i}").ToArray();
        foreach (string value in written)
        {
            await leader.WriteAsync(value); // the fifth commits the snapshot the fourth began
        }

        await Eventually.HoldsAsync(() => Snapshots(leader).Length == 1, "the leader's snapshot is on disk", seconds: 120);
        FileInfo sent = Snapshots(leader)[0];
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        long before = ProcessMemory.ResidentBytes();
        ProcessMemory.ResetPeak();

        TestMember late = await cluster.StartMemberAsync(hosts[2], addresses, snapshotEvery: 4);
        await Eventually.HoldsAsync(() => late.StateMachine.Values.Count == written.Length, "the late member applies every value", seconds: 180);
        long peak = ProcessMemory.PeakResidentBytes();

        Assert.Equal(written, late.StateMachine.Values);
        Assert.Equal(1, late.StateMachine.Restores);
        Assert.Equal(await RecordingStateMachine.Sha256OfAsync(sent.FullName), late.StateMachine.RestoredSha256);
        double growth = (peak - before) / 1048576.0;
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"snapshot {sent.Length / 1048576.0:F1} MiB; process RSS before {before / 1048576.0:F0} MiB, peak during the transfer {peak / 1048576.0:F0} MiB (+{growth:F0} MiB)"));
        Assert.True(peak - before < filler / 4, $"the peak grew by {growth:F0} MiB for a {mib} MiB snapshot");
    }

    private static FileInfo[] Snapshots(TestMember member) =>
        new DirectoryInfo(member.SnapshotDirectory).GetFiles().Where(f => !f.Name.EndsWith(".tmp", StringComparison.Ordinal)).ToArray();
}
