using System;

namespace RaftSdk.Samples.ClusterNode.Storage;

/// <summary>FNV-1a over a record's bytes: enough to tell a torn or corrupt record from a whole one.</summary>
internal static class Checksum
{
    public static uint Of(ReadOnlySpan<byte> bytes)
    {
        uint hash = 2166136261;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 16777619;
        }

        return hash;
    }
}
