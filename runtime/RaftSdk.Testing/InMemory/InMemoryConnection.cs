using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace RaftSdk.Testing;

/// <summary>
/// One HTTP/1.1 connection to a node of an <see cref="InMemoryNetwork"/>, the kind a
/// <c>RaftPipeline</c> opens: the caller writes requests as bytes; the node's side reads them one
/// at a time, in order, serves each through the node's request delegate and writes the answer as
/// bytes before reading the next (as Kestrel and Go's net/http do). Each request crosses the link
/// with its faults: a paused link holds it (and so every request behind it: one connection cannot
/// reorder), a delay delays it, a cut link resets the connection, a lost request or answer leaves
/// the connection silent until the caller gives up (its timeout).
/// </summary>
internal sealed class InMemoryConnection
{
    private const int MaxHeadBytes = 64 * 1024;

    private static ReadOnlySpan<byte> EndOfHead => "\r\n\r\n"u8;

    private readonly InMemoryNetwork _network;
    private readonly string _from;
    private readonly string _to;
    private readonly IPEndPoint _caller;
    private readonly PipeReader _requests;
    private readonly PipeWriter _answers;
    private readonly CancellationTokenSource _closed;

    private InMemoryConnection(InMemoryNetwork network, string from, string to, IPEndPoint caller, PipeReader requests, PipeWriter answers, CancellationTokenSource closed)
    {
        _network = network;
        _from = from;
        _to = to;
        _caller = caller;
        _requests = requests;
        _answers = answers;
        _closed = closed;
    }

    /// <summary>Opens a connection from <paramref name="from"/> to the node <paramref name="to"/>; the caller's end is returned.</summary>
    public static Stream Open(InMemoryNetwork network, string from, string to, IPEndPoint caller)
    {
        var toNode = new Pipe();
        var toCaller = new Pipe();
        var closed = new CancellationTokenSource();
        var connection = new InMemoryConnection(network, from, to, caller, toNode.Reader, toCaller.Writer, closed);
        _ = Task.Run(connection.ServeAsync);
        return new InMemoryDuplexStream(toCaller.Reader, toNode.Writer, closed);
    }

    private async Task ServeAsync()
    {
        Exception? reset = null;
        bool silent = false;
        try
        {
            while (await ReadRequestAsync().ConfigureAwait(false) is (DefaultHttpContext context, byte[] body, bool close))
            {
                InMemoryNetwork.HeldCall? held = await _network.HoldAsync(_from, _to, _closed.Token).ConfigureAwait(false);
                try
                {
                    LinkCrossing crossing = await _network.CrossAsync(_from, _to, _closed.Token).ConfigureAwait(false);
                    if (crossing.Server is not RequestDelegate server)
                    {
                        reset = new IOException(crossing.Unreachable, new SocketException((int)SocketError.ConnectionReset));
                        return;
                    }

                    if (crossing.DropRequest)
                    {
                        silent = true;
                        return;
                    }

                    // A request whose answer is lost is still served to the end, as over a socket.
                    byte[] answer = await InMemoryExchange.ServeAsync(server, context, body, _caller, crossing.DropResponse ? CancellationToken.None : _closed.Token).ConfigureAwait(false);
                    if (crossing.DropResponse)
                    {
                        silent = true;
                        return;
                    }

                    if (!await WriteAnswerAsync(context, answer).ConfigureAwait(false) || close)
                    {
                        return;
                    }
                }
                finally
                {
                    held?.Done.TrySetResult();
                }
            }
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested)
        {
            // The caller closed the connection.
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            reset = new IOException("In-memory network: the node closed a connection on a malformed request: " + e.Message, new SocketException((int)SocketError.ConnectionReset));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A request delegate of the test's own that threw: the caller sees the connection reset, with why.
            reset = new IOException("In-memory network: serving a request failed: " + e.Message, new SocketException((int)SocketError.ConnectionReset));
        }
        finally
        {
            if (silent)
            {
                // Nothing more comes back: the caller's timeout ends it, as on a dead TCP link.
                await Task.Delay(Timeout.Infinite, _closed.Token).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            }

            await _requests.CompleteAsync().ConfigureAwait(false);
            await _answers.CompleteAsync(reset).ConfigureAwait(false);
        }
    }

    // The next request's head as a context, its body, and whether it asks to close; null when the caller closed between requests.
    private async Task<(DefaultHttpContext Context, byte[] Body, bool Close)?> ReadRequestAsync()
    {
        while (true)
        {
            ReadResult read = await _requests.ReadAsync(_closed.Token).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = read.Buffer;
            if (TryTakeHead(buffer, out string? head, out SequencePosition bodyStart))
            {
                _requests.AdvanceTo(bodyStart);
                (DefaultHttpContext context, long length, bool close) = Parse(head);
                return (context, await ReadBodyAsync(length).ConfigureAwait(false), close);
            }

            if (read.IsCompleted)
            {
                _requests.AdvanceTo(buffer.End);
                return buffer.IsEmpty ? null : throw new EndOfStreamException("The connection ended in the middle of a request head.");
            }

            if (buffer.Length > MaxHeadBytes)
            {
                throw new InvalidDataException($"A request head is longer than {MaxHeadBytes} bytes.");
            }

            _requests.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool TryTakeHead(ReadOnlySequence<byte> buffer, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? head, out SequencePosition bodyStart)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryReadTo(out ReadOnlySequence<byte> bytes, EndOfHead))
        {
            head = Encoding.Latin1.GetString(bytes);
            bodyStart = reader.Position;
            return true;
        }

        head = null;
        bodyStart = default;
        return false;
    }

    private static (DefaultHttpContext Context, long ContentLength, bool Close) Parse(string head)
    {
        string[] lines = head.Split("\r\n");
        string[] requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[2] != "HTTP/1.1")
        {
            throw new InvalidDataException($"Not an HTTP/1.1 request line: '{lines[0]}'.");
        }

        var context = new DefaultHttpContext();
        HttpRequest request = context.Request;
        request.Method = requestLine[0];
        request.Scheme = "http";
        int query = requestLine[1].IndexOf('?', StringComparison.Ordinal);
        request.Path = query < 0 ? requestLine[1] : requestLine[1][..query];
        request.QueryString = query < 0 ? QueryString.Empty : new QueryString(requestLine[1][query..]);
        long length = 0;
        bool close = false;
        for (int i = 1; i < lines.Length; i++)
        {
            int colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InvalidDataException($"A malformed header line: '{lines[i]}'.");
            }

            string name = lines[i][..colon];
            string value = lines[i][(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out length))
                {
                    throw new InvalidDataException($"An invalid Content-Length: '{value}'.");
                }

                request.ContentLength = length;
                continue;
            }

            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException("A request body with Transfer-Encoding (this in-memory node reads Content-Length bodies only).");
            }

            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Host = new HostString(value);
            }

            close |= name.Equals("Connection", StringComparison.OrdinalIgnoreCase) && value.Equals("close", StringComparison.OrdinalIgnoreCase);
            request.Headers.Append(name, value);
        }

        return (context, length, close);
    }

    private async Task<byte[]> ReadBodyAsync(long length)
    {
        byte[] body = length == 0 ? [] : new byte[length];
        int at = 0;
        while (at < body.Length)
        {
            ReadResult read = await _requests.ReadAsync(_closed.Token).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = read.Buffer;
            int take = (int)Math.Min(buffer.Length, body.Length - at);
            buffer.Slice(0, take).CopyTo(body.AsSpan(at));
            at += take;
            _requests.AdvanceTo(buffer.GetPosition(take));
            if (at < body.Length && read.IsCompleted)
            {
                throw new EndOfStreamException("The connection ended in the middle of a request body.");
            }
        }

        return body;
    }

    // Status line, the node's headers, Content-Length and the body, as Kestrel frames a buffered answer; false when the caller is gone.
    private async Task<bool> WriteAnswerAsync(DefaultHttpContext context, byte[] body)
    {
        int status = context.Response.StatusCode;
        string reason = context.Features.Get<IHttpResponseFeature>()?.ReasonPhrase ?? ReasonPhrases.GetReasonPhrase(status);
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\n");
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in context.Response.Headers)
        {
            if (header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (string? value in header.Value)
            {
                head.Append(header.Key).Append(": ").Append(value).Append("\r\n");
            }
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n");
        _answers.Write(Encoding.Latin1.GetBytes(head.ToString()));
        _answers.Write(body);
        FlushResult flushed = await _answers.FlushAsync(_closed.Token).ConfigureAwait(false);
        return !flushed.IsCompleted;
    }
}
