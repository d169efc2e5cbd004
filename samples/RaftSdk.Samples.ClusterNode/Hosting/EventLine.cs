using System;
using System.Globalization;

namespace RaftSdk.Samples.ClusterNode.Hosting;

/// <summary>
/// Machine-readable lines on standard output, one per event, for the launcher's timeline and
/// safety checks (<c>@ready ...</c>, <c>@leader ...</c>). Human logs go to standard error.
/// </summary>
internal static class EventLine
{
    private static readonly object Gate = new();

    public static void Ready(ulong id, string raftAddress, string httpAddress) =>
        Write($"@ready id={id} raft={raftAddress} http={httpAddress} pid={Environment.ProcessId}");

    /// <summary>This node won the election of <paramref name="term"/>; the launcher checks no term has two.</summary>
    public static void Leader(ulong id, ulong term) =>
        Write($"@leader id={id} term={term} at={DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");

    /// <summary>This leader brought <paramref name="peer"/> up to <paramref name="index"/> with Join batches.</summary>
    public static void CaughtUp(ulong id, ulong peer, int batches, ulong index) =>
        Write($"@caughtup id={id} peer={peer} batches={batches} index={index} at={DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");

    private static void Write(FormattableString line)
    {
        string text = line.ToString(CultureInfo.InvariantCulture);
        lock (Gate)
        {
            Console.Out.WriteLine(text);
            Console.Out.Flush();
        }
    }
}
