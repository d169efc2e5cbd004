using System;

namespace RaftSdk.Benchmarks.Soak;

/// <summary>
/// Bodies that cost a server far more to decode than to receive: an AppendRequestPb whose
/// entries are two one-byte fields each (<c>32 04 08 01 10 01</c>), 1.4 million entries in 8 MiB.
/// </summary>
internal static class HostileBodies
{
    private static readonly byte[] Header =
    [
        0x08, 0x01,                                           // term 1
        0x11, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // leaderId 1 (fixed64)
        0x18, 0x00, 0x20, 0x00, 0x28, 0x00,                   // prevLogIndex, prevLogTerm, leaderCommit 0
    ];

    private static readonly byte[] TinyEntry = [0x32, 0x04, 0x08, 0x01, 0x10, 0x01];

    /// <summary>An AppendRequestPb of at most <paramref name="size"/> bytes made of tiny entries.</summary>
    public static byte[] TinyEntries(int size)
    {
        int entries = (size - Header.Length) / TinyEntry.Length;
        byte[] body = new byte[Header.Length + (entries * TinyEntry.Length)];
        Header.CopyTo(body, 0);
        for (int i = 0; i < entries; i++)
        {
            TinyEntry.CopyTo(body, Header.Length + (i * TinyEntry.Length));
        }

        return body;
    }

    /// <summary>
    /// An AppendRequestPb of at most <paramref name="size"/> bytes as a leader sends it: entries
    /// of index, type, term and 1 KiB of data (<c>32 8C 08 | 08 i | 10 00 | 18 01 | 32 80 08 ...</c>).
    /// </summary>
    public static byte[] RealEntries(int size)
    {
        const int Data = 1024;
        var body = new System.IO.MemoryStream(size);
        body.Write(Header);
        byte[] entry = new byte[3 + 2 + 2 + 2 + 3 + Data];
        for (ulong index = 1; body.Length + entry.Length <= size; index++)
        {
            int n = 0;
            entry[n++] = 0x32;
            entry[n++] = 0x89;
            entry[n++] = 0x08; // length 1,033
            entry[n++] = 0x08;
            entry[n++] = (byte)(index % 128); // one-byte varint: the follower checks no order
            entry[n++] = 0x10;
            entry[n++] = 0x00;
            entry[n++] = 0x18;
            entry[n++] = 0x01;
            entry[n++] = 0x32;
            entry[n++] = 0x80;
            entry[n++] = 0x08; // data length 1,024
            body.Write(entry, 0, n + Data);
        }

        return body.ToArray();
    }

    /// <summary>How many entries <see cref="TinyEntries"/> puts in a body of <paramref name="size"/> bytes.</summary>
    public static int EntryCount(int size) => (size - Header.Length) / TinyEntry.Length;
}
