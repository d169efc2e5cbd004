using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Mapping;

namespace RaftSdk.Transport;

/// <summary>Reads the head of a streamed answer (<see cref="RaftStreamFraming"/>): the header's length prefix and the header record, leaving the stream at the first byte of the body.</summary>
internal static class StreamedAnswerHeader
{
    /// <summary>The header record, and the bytes it took with its length prefix.</summary>
    public static async ValueTask<(THeader Header, long Bytes)> ReadAsync<TRequest, THeader>(Stream stream, RaftMethod<TRequest, THeader> method, RaftClientOptions options, string address, CancellationToken cancellationToken)
        where TRequest : IProtoWritable
    {
        // Byte by byte: the connection's stream buffers, and no byte of the body may be taken here.
        byte[] prefix = new byte[RaftStreamFraming.MaxPrefixBytes];
        int filled = 0;
        long length;
        int used;
        do
        {
            if (filled == prefix.Length || await stream.ReadAsync(prefix.AsMemory(filled, 1), cancellationToken).ConfigureAwait(false) == 0)
            {
                throw Malformed(method, address, filled == prefix.Length ? "the header's length prefix is not a varint of at most 5 bytes" : "the body ended inside the header's length prefix");
            }

            filled++;
            used = RaftStreamFraming.TryReadPrefix(new ReadOnlySequence<byte>(prefix, 0, filled), out length);
        }
        while (used == 0);

        if (used < 0)
        {
            throw Malformed(method, address, "the header's length prefix is not a varint of at most 5 bytes");
        }

        if (length > options.MaxResponseBodySize)
        {
            throw new RaftProtocolException(
                string.Create(CultureInfo.InvariantCulture, $"The answer of {address} to {method} has a streamed header of {length} bytes, above the limit of {options.MaxResponseBodySize} bytes."),
                address,
                method.Path);
        }

        int size = (int)length;
        byte[] header = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            int read = await stream.ReadAtLeastAsync(header.AsMemory(0, size), size, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < size)
            {
                throw Malformed(method, address, string.Create(CultureInfo.InvariantCulture, $"the body ended after {read} of the header's {size} bytes"));
            }

            return (method.Decode(header.AsSpan(0, size), options.MaxDecodedFields, address), used + size);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(header);
        }
    }

    private static RaftProtocolException Malformed<TRequest, THeader>(RaftMethod<TRequest, THeader> method, string address, string what)
        where TRequest : IProtoWritable =>
        new($"The streamed answer of {address} to {method} is malformed: {what}.", address, method.Path);
}
