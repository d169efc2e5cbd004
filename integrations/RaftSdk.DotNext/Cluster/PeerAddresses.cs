using System;
using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using DotNext.Buffers;
using DotNext.Net.Cluster;

namespace RaftSdk.DotNext.Cluster;

/// <summary>
/// Member addresses as RaftSdk peers write them (<c>host:port</c>, no scheme) and as DotNext
/// knows them (<see cref="EndPoint"/>, from which it derives <see cref="ClusterMemberId"/>).
/// </summary>
public static class PeerAddresses
{
    /// <summary>Reads <c>host:port</c>: an IP literal becomes an <see cref="IPEndPoint"/>, a name a <see cref="DnsEndPoint"/>.</summary>
    /// <param name="address">The address.</param>
    /// <returns>The end point.</returns>
    /// <exception cref="FormatException">The text is not <c>host:port</c> with a port from 1 to 65535.</exception>
    public static EndPoint Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        int colon = address.LastIndexOf(':');
        if (colon <= 0
            || address.Contains('/', StringComparison.Ordinal)
            || !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            || port is < 1 or > 65535)
        {
            throw new FormatException($"'{address}' is not a member address: it must be host:port (no scheme, no path) with a port from 1 to 65535.");
        }

        string host = address[..colon].Trim('[', ']');
        return IPAddress.TryParse(host, out IPAddress? ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port);
    }

    /// <summary>Writes an end point as the <c>host:port</c> a RaftSdk client calls.</summary>
    /// <param name="endPoint">The end point.</param>
    /// <returns>The address.</returns>
    public static string Format(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint ip => ip.ToString(),
        DnsEndPoint dns => dns.Host + ":" + dns.Port.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"{endPoint.GetType().Name} is not a host:port end point.", nameof(endPoint)),
    };

    /// <summary>The 16 bytes of a member id as the contract carries them in <c>sender</c>.</summary>
    internal static byte[] ToBytes(in ClusterMemberId id)
    {
        byte[] bytes = new byte[ClusterMemberId.Size];
        id.Format(bytes);
        return bytes;
    }

    /// <summary>The member id of a request's <c>sender</c>; a clear error when it is not 16 bytes.</summary>
    internal static ClusterMemberId ReadSender(ReadOnlyMemory<byte> sender) =>
        sender.Length == ClusterMemberId.Size
            ? new ClusterMemberId(sender.Span)
            : throw new ArgumentException($"The request's sender is {sender.Length} bytes; a member id is {ClusterMemberId.Size}.", nameof(sender));

    /// <summary>Appends an address as UTF-8 with a 32-bit length before it (the configuration storage's encoding).</summary>
    internal static void Write(EndPoint address, ref BufferWriterSlim<byte> writer)
    {
        string text = Format(address);
        Span<byte> length = stackalloc byte[sizeof(int)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, Encoding.UTF8.GetByteCount(text));
        writer.Write(length);
        writer.Write(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    internal static EndPoint Read(ref SequenceReader reader)
    {
        int length = reader.ReadLittleEndian<int>();
        ReadOnlySequence<byte> text = reader.Read(length);
        return Parse(Encoding.UTF8.GetString(text));
    }
}
