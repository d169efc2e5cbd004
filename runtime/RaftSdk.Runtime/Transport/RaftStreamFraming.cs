using System;
using System.Buffers;

namespace RaftSdk.Transport;

/// <summary>
/// The wire form of a streamed body, a request's or an answer's (a route that takes or answers a header message and a
/// <see cref="System.IO.Stream"/>): the header message's length as a protobuf varint, the header
/// message, then the raw bytes of the stream to the end of the HTTP body (chunked, or with a
/// Content-Length when the sender knows it). The Content-Type names the framing: the contract's
/// content type with <see cref="ContentTypeSuffix"/>, so a unary server of the same contract
/// answers it 415 instead of reading a length prefix as a message.
/// </summary>
public static class RaftStreamFraming
{
    /// <summary>What follows the contract's content type in the Content-Type of a streamed request.</summary>
    public const string ContentTypeSuffix = "; framing=length-prefixed-header";

    /// <summary>The most bytes of a header's length prefix (a varint of a 32-bit length).</summary>
    internal const int MaxPrefixBytes = 5;

    /// <summary>The Content-Type of a streamed request of a contract whose bodies are <paramref name="contentType"/>.</summary>
    /// <param name="contentType">The contract's content type.</param>
    /// <returns>The content type with <see cref="ContentTypeSuffix"/>.</returns>
    public static string ContentTypeFor(string contentType) => contentType + ContentTypeSuffix;

    /// <summary>Whether <paramref name="received"/> is exactly <see cref="ContentTypeFor"/> of <paramref name="contentType"/> (compared without building it).</summary>
    internal static bool IsContentTypeFor(string? received, string contentType) =>
        received is not null
        && received.Length == contentType.Length + ContentTypeSuffix.Length
        && received.AsSpan(0, contentType.Length).SequenceEqual(contentType)
        && received.AsSpan(contentType.Length).SequenceEqual(ContentTypeSuffix);

    /// <summary>The bytes of the length prefix at the start of <paramref name="buffer"/>: 0 when it needs more bytes, -1 when it is longer than 5 bytes or above <see cref="int.MaxValue"/>.</summary>
    internal static int TryReadPrefix(ReadOnlySequence<byte> buffer, out long length)
    {
        length = 0;
        var reader = new SequenceReader<byte>(buffer);
        for (int i = 0; i < MaxPrefixBytes; i++)
        {
            if (!reader.TryRead(out byte next))
            {
                return 0;
            }

            length |= (long)(next & 0x7F) << (7 * i);
            if (next < 0x80)
            {
                return length > int.MaxValue ? -1 : i + 1;
            }
        }

        return -1;
    }
}
