using System;
using System.Diagnostics.CodeAnalysis;

namespace RaftSdk.ChangeAgent;

/// <summary>
/// The unique 64-bit ID of a Raft node. Carried on the wire as <c>fixed64</c>; its text form is
/// base 36, as Go's <c>strconv.FormatUint(id, 36)</c> writes it. IDs above 2^63 are normal.
/// </summary>
public readonly record struct NodeId(ulong Value) : IComparable<NodeId>
{
    private const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>The base-36 text of the ID, lower case, as the Go original prints it.</summary>
    public override string ToString()
    {
        ulong value = Value;
        if (value == 0)
        {
            return "0";
        }

        Span<char> buffer = stackalloc char[13]; // 36^13 > 2^64
        int position = buffer.Length;
        while (value != 0)
        {
            buffer[--position] = Digits[(int)(value % 36)];
            value /= 36;
        }

        return new string(buffer.Slice(position));
    }

    /// <summary>
    /// Parses base-36 text. Like Go's <c>ParseNodeID</c>, invalid or overflowing text gives
    /// <c>NodeId(0)</c>; use <see cref="TryParse"/> to tell the two apart.
    /// </summary>
    public static NodeId Parse(string? text) => TryParse(text, out NodeId id) ? id : default;

    /// <summary>Parses base-36 text (either case); false for empty, invalid or overflowing text.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out NodeId id)
    {
        id = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        ulong value = 0;
        foreach (char c in text)
        {
            int digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'z' => c - 'a' + 10,
                >= 'A' and <= 'Z' => c - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            // Overflow check: value * 36 + digit must fit in 64 bits.
            if (value > (ulong.MaxValue - (ulong)digit) / 36)
            {
                return false;
            }

            value = (value * 36) + (ulong)digit;
        }

        id = new NodeId(value);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(NodeId other) => Value.CompareTo(other.Value);

    /// <summary>Wraps a raw 64-bit ID.</summary>
    public static implicit operator NodeId(ulong value) => new(value);

    /// <summary>The raw 64-bit ID.</summary>
    public static explicit operator ulong(NodeId id) => id.Value;
}
