using System;

namespace RaftSdk.Testing;

public static class Hex
{
    public static byte[] Decode(string hex) => Convert.FromHexString(hex.Trim());

    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
