using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.Transport;

/// <summary>Reads a response body into a pooled buffer, within a size limit.</summary>
internal static class RaftResponseBodyReader
{
    private const int InitialChunkedCapacity = 4096;

    /// <summary>The body, or null when it is larger than <paramref name="limit"/>.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<PooledBody?> ReadAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        long? declared = content.Headers.ContentLength;
        if (declared > limit)
        {
            return null;
        }

        Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            if (declared is long exact)
            {
                return await ReadExactAsync(stream, (int)exact, cancellationToken).ConfigureAwait(false);
            }

            return await ReadToEndAsync(stream, limit, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The first bytes of the body, at most <paramref name="max"/>: the rest, however long it is announced or takes, is not waited for.</summary>
    public static async ValueTask<PooledBody> ReadPrefixAsync(HttpContent content, int max, CancellationToken cancellationToken)
    {
        Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(max);
            int length = 0;
            try
            {
                int read;
                while (length < max && (read = await stream.ReadAsync(buffer.AsMemory(length, max - length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                // A body cut short still has its first bytes; the status is the answer.
            }

            return new PooledBody(buffer, length);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<PooledBody?> ReadExactAsync(Stream stream, int length, CancellationToken cancellationToken)
    {
        if (length == 0)
        {
            return new PooledBody(Array.Empty<byte>(), 0);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            await stream.ReadExactlyAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            return new PooledBody(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static async ValueTask<PooledBody?> ReadToEndAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialChunkedCapacity, limit + 1));
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    // One byte past the limit is enough to know the body is too large.
                    int grown = (int)Math.Min((long)buffer.Length * 2, (long)limit + 1);
                    if (grown <= length)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return null;
                    }

                    byte[] larger = ArrayPool<byte>.Shared.Rent(grown);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return new PooledBody(buffer, length);
                }

                length += read;
                if (length > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
