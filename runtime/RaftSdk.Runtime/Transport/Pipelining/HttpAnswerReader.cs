using System;
using System.Buffers;
using System.Buffers.Text;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.Transport.Pipelining;

/// <summary>
/// Reads HTTP/1.1 answers one after the other from one connection: status line, headers, and the
/// body framed by Content-Length, chunks, or the end of the connection. What a peer sends is
/// bounded (head size, chunk-size line, body limit); anything malformed is an
/// <see cref="HttpAnswerException"/> and the connection cannot be read further.
/// </summary>
internal sealed class HttpAnswerReader : IDisposable
{
    private const int InitialBuffer = 16 * 1024;
    private const int MaxHeadBytes = 64 * 1024;
    private const int MaxChunkLine = 1024;

    private static ReadOnlySpan<byte> EndOfHead => "\r\n\r\n"u8;

    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    private static readonly byte[] RefusalHeader = Encoding.ASCII.GetBytes(RaftAnswerClassifier.RefusalHeader);

    private readonly Stream _stream;
    private readonly string _expectedContentType;
    private readonly byte[] _expectedContentTypeBytes;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    private int _start;
    private int _end;

    // Body bytes of the last answer that were not read for its text: dropped before the next head.
    private long _skip;

    public HttpAnswerReader(Stream stream, string expectedContentType)
    {
        _stream = stream;
        _expectedContentType = expectedContentType;
        _expectedContentTypeBytes = Encoding.ASCII.GetBytes(expectedContentType);
    }

    private int Buffered => _end - _start;

    /// <summary>The next final answer's head (interim 1xx answers are skipped), or null when the peer closed the connection between answers.</summary>
    public async ValueTask<HttpAnswerHead?> ReadHeadAsync(CancellationToken cancellationToken)
    {
        while (_skip > 0)
        {
            if (Buffered == 0 && await FillAsync(InitialBuffer, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new EndOfStreamException("The connection closed in the middle of an error answer's body.");
            }

            int dropped = (int)Math.Min(_skip, Buffered);
            _start += dropped;
            _skip -= dropped;
        }

        while (true)
        {
            int headLength;
            while ((headLength = _buffer.AsSpan(_start, Buffered).IndexOf(EndOfHead)) < 0)
            {
                if (Buffered >= MaxHeadBytes)
                {
                    throw new HttpAnswerException($"The answer's status line and headers are longer than {MaxHeadBytes} bytes.");
                }

                if (await FillAsync(MaxHeadBytes, cancellationToken).ConfigureAwait(false) == 0)
                {
                    if (Buffered == 0)
                    {
                        return null;
                    }

                    throw new EndOfStreamException("The connection closed in the middle of an answer's headers.");
                }
            }

            HttpAnswerHead head = ParseHead(_buffer.AsSpan(_start, headLength));
            _start += headLength + EndOfHead.Length;
            if (head.Status >= 200)
            {
                return head;
            }
        }
    }

    /// <summary>Reads the body of <paramref name="head"/> into a pooled buffer; null when it is larger than <paramref name="limit"/> (the connection cannot be read further then).</summary>
    public async ValueTask<PooledBody?> ReadBodyAsync(HttpAnswerHead head, int limit, CancellationToken cancellationToken)
    {
        switch (head.Framing)
        {
            case HttpBodyFraming.None:
                return new PooledBody(Array.Empty<byte>(), 0);
            case HttpBodyFraming.ContentLength:
                if (head.ContentLength > limit)
                {
                    return null;
                }

                return await ReadExactAsync((int)head.ContentLength, cancellationToken).ConfigureAwait(false);
            case HttpBodyFraming.Chunked:
                return await ReadChunkedAsync(limit, cancellationToken).ConfigureAwait(false);
            default:
                return await ReadUntilCloseAsync(limit, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The first bytes of the body of an answer read only for its text, at most <paramref name="max"/>,
    /// without waiting for the rest: a Content-Length body's rest is dropped before the next head
    /// (when it is within <paramref name="limit"/>), a chunked body is read whole within the limit
    /// and only its start kept. <c>Reusable</c> is false when the connection cannot be read further.
    /// </summary>
    public async ValueTask<(PooledBody Prefix, bool Reusable)> ReadTextPrefixAsync(HttpAnswerHead head, int max, int limit, CancellationToken cancellationToken)
    {
        switch (head.Framing)
        {
            case HttpBodyFraming.None:
                return (new PooledBody(Array.Empty<byte>(), 0), !head.Close);
            case HttpBodyFraming.ContentLength:
                int take = (int)Math.Min(head.ContentLength, max);
                PooledBody prefix = (await ReadExactAsync(take, cancellationToken).ConfigureAwait(false))!.Value;
                long rest = head.ContentLength - take;
                _skip = rest <= limit ? rest : 0;
                return (prefix, rest <= limit && !head.Close);
            case HttpBodyFraming.Chunked:
                PooledBody? whole = await ReadChunkedAsync(limit, cancellationToken, keep: max).ConfigureAwait(false);
                return whole is PooledBody kept ? (kept, !head.Close) : (new PooledBody(Array.Empty<byte>(), 0), false);
            default:
                var start = new BodyBuilder(max);
                while (start.Fits(1) && (Buffered > 0 || await FillAsync(InitialBuffer, cancellationToken).ConfigureAwait(false) > 0))
                {
                    int piece = (int)Math.Min(Buffered, max - start.Length);
                    start.Append(_buffer.AsSpan(_start, piece));
                    _start += piece;
                }

                return (start.Finish(), false);
        }
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = Array.Empty<byte>();
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask<PooledBody?> ReadExactAsync(int length, CancellationToken cancellationToken)
    {
        if (length == 0)
        {
            return new PooledBody(Array.Empty<byte>(), 0);
        }

        byte[] body = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            int copied = Math.Min(length, Buffered);
            _buffer.AsSpan(_start, copied).CopyTo(body);
            _start += copied;
            if (copied < length)
            {
                await _stream.ReadExactlyAsync(body.AsMemory(copied, length - copied), cancellationToken).ConfigureAwait(false);
            }

            return new PooledBody(body, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(body);
            throw;
        }
    }

    private async ValueTask<PooledBody?> ReadChunkedAsync(int limit, CancellationToken cancellationToken, int keep = int.MaxValue)
    {
        var body = new BodyBuilder(limit, keep);
        try
        {
            while (true)
            {
                ReadOnlyMemory<byte> line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
                long size = ParseChunkSize(line.Span);
                if (size == 0)
                {
                    // Trailers, if any, up to the empty line.
                    while ((await ReadLineAsync(cancellationToken).ConfigureAwait(false)).Length > 0)
                    {
                    }

                    return body.Finish();
                }

                if (!body.Fits(size))
                {
                    body.Dispose();
                    return null;
                }

                long left = size;
                while (left > 0)
                {
                    if (Buffered == 0 && await FillAsync(InitialBuffer, cancellationToken).ConfigureAwait(false) == 0)
                    {
                        throw new EndOfStreamException("The connection closed in the middle of a chunk.");
                    }

                    int take = (int)Math.Min(left, Buffered);
                    body.Append(_buffer.AsSpan(_start, take));
                    _start += take;
                    left -= take;
                }

                if ((await ReadLineAsync(cancellationToken).ConfigureAwait(false)).Length != 0)
                {
                    throw new HttpAnswerException("A chunk is not followed by CRLF.");
                }
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    private async ValueTask<PooledBody?> ReadUntilCloseAsync(int limit, CancellationToken cancellationToken)
    {
        var body = new BodyBuilder(limit);
        try
        {
            while (true)
            {
                if (Buffered == 0 && await FillAsync(InitialBuffer, cancellationToken).ConfigureAwait(false) == 0)
                {
                    return body.Finish();
                }

                if (!body.Fits(Buffered))
                {
                    body.Dispose();
                    return null;
                }

                body.Append(_buffer.AsSpan(_start, Buffered));
                _start = _end;
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    // A line without its CRLF, valid until the next read.
    private async ValueTask<ReadOnlyMemory<byte>> ReadLineAsync(CancellationToken cancellationToken)
    {
        int length;
        while ((length = _buffer.AsSpan(_start, Buffered).IndexOf(Crlf)) < 0)
        {
            if (Buffered >= MaxChunkLine)
            {
                throw new HttpAnswerException($"A chunk-size or trailer line is longer than {MaxChunkLine} bytes.");
            }

            if (await FillAsync(MaxChunkLine, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new EndOfStreamException("The connection closed in the middle of a chunked body.");
            }
        }

        var line = new ReadOnlyMemory<byte>(_buffer, _start, length);
        _start += length + Crlf.Length;
        return line;
    }

    // Reads more bytes after the buffered ones (compacting or growing up to maxBuffered); 0 at the end of the connection.
    private async ValueTask<int> FillAsync(int maxBuffered, CancellationToken cancellationToken)
    {
        if (_start > 0 && (_end == _buffer.Length || _start == _end))
        {
            _buffer.AsSpan(_start, Buffered).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Math.Min(maxBuffered + 1, MaxHeadBytes + 1)));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        return read;
    }

    private HttpAnswerHead ParseHead(ReadOnlySpan<byte> head)
    {
        int lineEnd = head.IndexOf(Crlf);
        ReadOnlySpan<byte> statusLine = lineEnd < 0 ? head : head[..lineEnd];
        ReadOnlySpan<byte> headers = lineEnd < 0 ? default : head[(lineEnd + 2)..];

        // HTTP/1.x SSS[ reason]
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' '
            || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out int consumed) || consumed != 3
            || status < 100 || status > 999 || (statusLine.Length > 12 && statusLine[12] != (byte)' '))
        {
            throw new HttpAnswerException("The answer does not start with an HTTP/1.x status line: '" + Printable(statusLine) + "'.");
        }

        bool http10 = statusLine[7] == (byte)'0';
        ReadOnlySpan<byte> reasonBytes = statusLine.Length > 13 ? statusLine[13..] : default;
        string reason = status == 200 && reasonBytes.SequenceEqual("OK"u8) ? "OK" : Encoding.Latin1.GetString(reasonBytes);

        string? contentType = null;
        long? contentLength = null;
        string? transferEncoding = null;
        bool close = http10;
        bool refused = false;
        while (headers.Length > 0)
        {
            int end = headers.IndexOf(Crlf);
            ReadOnlySpan<byte> line = end < 0 ? headers : headers[..end];
            headers = end < 0 ? default : headers[(end + 2)..];
            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                throw new HttpAnswerException("The answer has a malformed header line: '" + Printable(line) + "'.");
            }

            ReadOnlySpan<byte> name = line[..colon];
            ReadOnlySpan<byte> value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!Utf8Parser.TryParse(value, out long length, out int used) || used != value.Length || length < 0
                    || (contentLength is long earlier && earlier != length))
                {
                    throw new HttpAnswerException("The answer has an invalid Content-Length: '" + Printable(value) + "'.");
                }

                contentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                string codings = Encoding.Latin1.GetString(value);
                transferEncoding = transferEncoding is null ? codings : transferEncoding + ", " + codings;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Content-Type"u8))
            {
                contentType = value.SequenceEqual(_expectedContentTypeBytes) ? _expectedContentType : Encoding.Latin1.GetString(value);
            }
            else if (Ascii.EqualsIgnoreCase(name, RefusalHeader))
            {
                refused = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                close = ContainsToken(value, "close"u8) || (http10 && !ContainsToken(value, "keep-alive"u8));
            }
        }

        if (RaftAnswerClassifier.FramingError(transferEncoding, contentLength is not null) is string framingError)
        {
            throw new HttpAnswerException(framingError);
        }

        bool chunked = transferEncoding is not null;
        HttpBodyFraming framing = status < 200 || status == 204 || status == 304 ? HttpBodyFraming.None
            : chunked ? HttpBodyFraming.Chunked
            : contentLength is not null ? HttpBodyFraming.ContentLength
            : HttpBodyFraming.UntilClose;
        return new HttpAnswerHead(status, reason, contentType, framing, contentLength ?? 0, close || framing == HttpBodyFraming.UntilClose, refused);
    }

    private static long ParseChunkSize(ReadOnlySpan<byte> line)
    {
        int extension = line.IndexOf((byte)';');
        ReadOnlySpan<byte> digits = (extension < 0 ? line : line[..extension]).Trim(" \t"u8);
        if (digits.Length == 0 || digits.Length > 15
            || !Utf8Parser.TryParse(digits, out long size, out int used, 'x') || used != digits.Length)
        {
            throw new HttpAnswerException("A chunk has an invalid size line: '" + Printable(line) + "'.");
        }

        return size;
    }

    private static bool ContainsToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        while (true)
        {
            int comma = value.IndexOf((byte)',');
            if (Ascii.EqualsIgnoreCase((comma < 0 ? value : value[..comma]).Trim(" \t"u8), token))
            {
                return true;
            }

            if (comma < 0)
            {
                return false;
            }

            value = value[(comma + 1)..];
        }
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        const int Max = 100;
        string text = Encoding.Latin1.GetString(bytes.Length > Max ? bytes[..Max] : bytes);
        return bytes.Length > Max ? text + "..." : text;
    }

    /// <summary>A body assembled from pieces in a pooled buffer, within a limit; only its first <c>keep</c> bytes are held.</summary>
    private struct BodyBuilder : IDisposable
    {
        private readonly int _limit;
        private readonly int _keep;
        private byte[] _buffer;
        private int _length;
        private long _seen;

        public BodyBuilder(int limit, int keep = int.MaxValue)
        {
            _limit = limit;
            _keep = keep;
            _buffer = Array.Empty<byte>();
            _length = 0;
            _seen = 0;
        }

        public readonly int Length => _length;

        public readonly bool Fits(long more) => more <= _limit - _seen;

        public void Append(ReadOnlySpan<byte> piece)
        {
            _seen += piece.Length;
            piece = piece[..Math.Min(piece.Length, Math.Max(0, _keep - _length))];
            if (_length + piece.Length > _buffer.Length)
            {
                byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(_length + piece.Length, Math.Min(_limit, Math.Max(256, _buffer.Length * 2))));
                _buffer.AsSpan(0, _length).CopyTo(larger);
                Release();
                _buffer = larger;
            }

            piece.CopyTo(_buffer.AsSpan(_length));
            _length += piece.Length;
        }

        public PooledBody Finish()
        {
            var body = new PooledBody(_buffer, _length);
            _buffer = Array.Empty<byte>();
            return body;
        }

        public void Dispose() => Release();

        private void Release()
        {
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = Array.Empty<byte>();
        }
    }
}

/// <summary>An answer that is not valid HTTP/1.1 as this client reads it.</summary>
internal sealed class HttpAnswerException : Exception
{
    public HttpAnswerException(string message)
        : base(message)
    {
    }
}
