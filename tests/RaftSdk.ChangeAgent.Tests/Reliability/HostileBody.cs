namespace RaftSdk.ChangeAgent.Tests.Reliability;

/// <summary>An AppendRequestPb of tiny entries (<c>32 04 08 01 10 01</c>): 8 MiB decode to 1.4 million records.</summary>
internal static class HostileBody
{
    public static byte[] TinyEntries(int size)
    {
        byte[] header = [0x08, 0x01, 0x11, 0x01, 0, 0, 0, 0, 0, 0, 0, 0x18, 0x00, 0x20, 0x00, 0x28, 0x00];
        byte[] entry = [0x32, 0x04, 0x08, 0x01, 0x10, 0x01];
        int entries = (size - header.Length) / entry.Length;
        byte[] body = new byte[header.Length + (entries * entry.Length)];
        header.CopyTo(body, 0);
        for (int i = 0; i < entries; i++)
        {
            entry.CopyTo(body, header.Length + (i * entry.Length));
        }

        return body;
    }
}
