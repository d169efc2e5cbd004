using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;
using RaftSdk.Transport;

namespace RaftSdk.Hosting;

/// <summary>
/// Answers a plaintext HTTP request on a TLS port as Go's net/http does (<c>HTTP/1.0 400 Bad
/// Request</c>, "Client sent an HTTP request to an HTTPS server."), before the TLS handshake
/// would fail on it and close the connection without a word: the plaintext client, RaftSdk or Go,
/// then learns it called a TLS node.
/// </summary>
internal static class PlaintextOnTlsPort
{
    // Every TLS connection starts with a handshake record (content type 22).
    private const byte TlsHandshakeRecord = 0x16;
    private const int HeaderLength = 5;

    // As long as the TLS handshake that follows may take (ServerTlsHandshake): the peek must not
    // let a connection that sends nothing outlive the handshake timeout it would have met.
    private static readonly TimeSpan FirstBytesTimeout = TimeSpan.FromSeconds(10);

    private static readonly byte[] GoAnswer = Encoding.ASCII.GetBytes("HTTP/1.0 400 Bad Request\r\n\r\n" + TlsMismatch.PlaintextToTlsText + "\n");

    public static ConnectionDelegate Answer(ConnectionDelegate next) => async connection =>
    {
        PipeReader input = connection.Transport.Input;
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        patience.CancelAfter(FirstBytesTimeout);
        ReadResult read;
        try
        {
            read = await input.ReadAsync(patience.Token).ConfigureAwait(false);
            while (read.Buffer.Length < HeaderLength && !read.IsCompleted && !read.IsCanceled && read.Buffer.FirstSpan[0] != TlsHandshakeRecord)
            {
                // Too few bytes to tell (a record header is 5): wait for more, consuming none.
                input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                read = await input.ReadAsync(patience.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Silent for as long as a handshake may take, or gone: the connection ends here.
            return;
        }

        ReadOnlySequence<byte> buffer = read.Buffer;
        byte[] first = buffer.Slice(0, Math.Min(buffer.Length, HeaderLength)).ToArray();
        bool plaintext = first.Length > 0 && first[0] != TlsHandshakeRecord && LooksLikeHttp(first);

        // Peeked, not consumed: the handshake reads the same bytes.
        input.AdvanceTo(buffer.Start);
        if (!plaintext)
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        await connection.Transport.Output.WriteAsync(GoAnswer, connection.ConnectionClosed).ConfigureAwait(false);
        await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
    };

    // Go's tlsRecordHeaderLooksLikeHTTP: the first bytes of a request line it knows.
    private static bool LooksLikeHttp(ReadOnlySpan<byte> first) =>
        first.StartsWith("GET "u8) || first.StartsWith("HEAD "u8) || first.StartsWith("POST "u8) || first.StartsWith("PUT "u8) || first.StartsWith("OPTIO"u8);
}
