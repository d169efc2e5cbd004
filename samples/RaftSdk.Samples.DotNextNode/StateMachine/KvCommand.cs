using System;
using System.Buffers.Binary;
using System.Text;

namespace RaftSdk.Samples.DotNextNode.StateMachine;

/// <summary>
/// A write as a log entry's payload: the client's id and sequence number (for exactly-once), the
/// key and the value, each string UTF-8 with a 32-bit length before it.
/// </summary>
internal sealed record KvCommand(string Client, ulong Seq, string Key, string Value)
{
    public byte[] Encode()
    {
        byte[] client = Encoding.UTF8.GetBytes(Client);
        byte[] key = Encoding.UTF8.GetBytes(Key);
        byte[] value = Encoding.UTF8.GetBytes(Value);
        byte[] bytes = new byte[(3 * sizeof(int)) + sizeof(ulong) + client.Length + key.Length + value.Length];
        Span<byte> rest = bytes;
        rest = Put(rest, client);
        BinaryPrimitives.WriteUInt64LittleEndian(rest, Seq);
        rest = Put(rest[sizeof(ulong)..], key);
        Put(rest, value);
        return bytes;
    }

    /// <summary>Reads a payload written by <see cref="Encode"/>; a clear error for anything else.</summary>
    public static KvCommand Decode(ReadOnlySpan<byte> bytes)
    {
        string client = Take(ref bytes);
        if (bytes.Length < sizeof(ulong))
        {
            throw new FormatException("A write entry ends before its sequence number.");
        }

        ulong seq = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        bytes = bytes[sizeof(ulong)..];
        string key = Take(ref bytes);
        string value = Take(ref bytes);
        return new KvCommand(client, seq, key, value);
    }

    private static Span<byte> Put(Span<byte> destination, byte[] text)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, text.Length);
        text.CopyTo(destination[sizeof(int)..]);
        return destination[(sizeof(int) + text.Length)..];
    }

    private static string Take(ref ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < sizeof(int) || BinaryPrimitives.ReadInt32LittleEndian(bytes) is var length && (length < 0 || length > bytes.Length - sizeof(int)))
        {
            throw new FormatException("A write entry is cut short or holds a length beyond its end.");
        }

        string text = Encoding.UTF8.GetString(bytes.Slice(sizeof(int), length));
        bytes = bytes[(sizeof(int) + length)..];
        return text;
    }
}
