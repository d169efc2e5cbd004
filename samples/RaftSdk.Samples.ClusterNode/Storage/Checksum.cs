using System;
using System.Buffers.Binary;
using System.Numerics;

namespace RaftSdk.Samples.ClusterNode.Storage;

/// <summary>
/// CRC-32C (Castagnoli), as storage engines checksum their records: it catches every burst error
/// up to 32 bits, which a multiplicative hash such as FNV-1a does not promise. The BCL computes it
/// with the CPU's CRC32 instruction where there is one.
/// </summary>
internal static class Checksum
{
    public static uint Of(ReadOnlySpan<byte> bytes)
    {
        uint crc = uint.MaxValue;
        while (bytes.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            bytes = bytes[sizeof(ulong)..];
        }

        foreach (byte b in bytes)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
