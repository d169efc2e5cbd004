using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.ChangeAgent.Tests.Infrastructure;

/// <summary>One request as <see cref="GoStyleHttpServer"/> read it.</summary>
internal sealed record RawRequest(int Connection, int Index, string Method, string Path, string? ContentType, byte[] Body);

/// <summary>What <see cref="GoStyleHttpServer"/> writes back; <see cref="Chunked"/> frames the body in chunks instead of a Content-Length.</summary>
internal sealed record RawAnswer(int Status, string Reason, string ContentType, byte[] Body, bool Chunked = false, bool Close = false)
{
    /// <summary>Bytes written as they are instead of a formatted answer (malformed answers).</summary>
    public byte[]? Verbatim { get; init; }

    /// <summary>Closes the connection instead of answering.</summary>
    public static readonly RawAnswer Hangup = new(0, string.Empty, string.Empty, []);
}

/// <summary>
/// A minimal HTTP/1.1 server on raw sockets that answers the way Go's net/http does: on each
/// connection one request at a time, in order (the next request is read only after the answer to
/// the previous one was written), answers framed by Content-Length or chunked. The answer
/// callback may wait, which holds every later request on that connection back.
/// </summary>
internal sealed class GoStyleHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<RawRequest, Task<RawAnswer>> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = new();
    private readonly Task _accepting;
    private int _connections;

    private readonly bool _readAhead;
    private int _maxOutstanding;

    /// <param name="answer">Makes the answer to a request; it may wait.</param>
    /// <param name="readAhead">
    /// Read requests as they arrive (still answering one at a time, in order) instead of only
    /// after the previous answer, as Go does: lets a test see how many requests a client has on
    /// the wire unanswered (<see cref="MaxOutstanding"/>).
    /// </param>
    public GoStyleHttpServer(Func<RawRequest, Task<RawAnswer>> answer, bool readAhead = false)
    {
        _answer = answer;
        _readAhead = readAhead;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Address => "127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The most requests read and not answered yet at any one time (on one connection; meaningful with read-ahead).</summary>
    public int MaxOutstanding => Volatile.Read(ref _maxOutstanding);

    /// <summary>Called with the number of requests read so far, after each one is read.</summary>
    public Action<int>? OnReceived { get; set; }

    /// <summary>Every request read so far, in the order read.</summary>
    public ConcurrentQueue<RawRequest> Received { get; } = new();

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_clients)
        {
            foreach (TcpClient client in _clients)
            {
                client.Dispose();
            }
        }

        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var serving = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_clients)
                {
                    _clients.Add(client);
                }

                serving.Add(ServeAsync(client, Interlocked.Increment(ref _connections)));
            }
        }
        finally
        {
            await Task.WhenAll(serving).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(TcpClient client, int connection)
    {
        try
        {
            using (client)
            {
                Stream stream = client.GetStream();
                var reader = new RequestReader(stream);
                var requests = System.Threading.Channels.Channel.CreateUnbounded<RawRequest>();
                var outstanding = new Outstanding();
                Task reading = ReadRequestsAsync(reader, connection, requests.Writer, outstanding);
                try
                {
                    await foreach (RawRequest request in requests.Reader.ReadAllAsync(_stop.Token))
                    {
                        RawAnswer answer = await _answer(request);
                        if (ReferenceEquals(answer, RawAnswer.Hangup))
                        {
                            return;
                        }

                        // Counted as answered before the write: the client may send its next request as soon as the answer is out.
                        Interlocked.Decrement(ref outstanding.Count);
                        await stream.WriteAsync(Format(answer), _stop.Token);
                        outstanding.Answered.Release();
                        if (answer.Close)
                        {
                            return;
                        }
                    }
                }
                finally
                {
                    client.Dispose();
                    await reading.ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the server stops.
        }
    }

    // Go-style: the next request is read only once the previous one was answered (the channel is
    // drained by the answering loop; without read-ahead the reader waits for that).
    private async Task ReadRequestsAsync(RequestReader reader, int connection, System.Threading.Channels.ChannelWriter<RawRequest> requests, Outstanding unanswered)
    {
        try
        {
            for (int index = 0; ; index++)
            {
                if (!_readAhead && index > 0)
                {
                    await unanswered.Answered.WaitAsync(_stop.Token);
                }

                RawRequest? request = await reader.ReadAsync(connection, index, _stop.Token);
                if (request is null)
                {
                    return;
                }

                int outstanding = Interlocked.Increment(ref unanswered.Count);
                int max;
                while (outstanding > (max = Volatile.Read(ref _maxOutstanding)) && Interlocked.CompareExchange(ref _maxOutstanding, outstanding, max) != max)
                {
                }

                Received.Enqueue(request);
                OnReceived?.Invoke(Received.Count);
                await requests.WriteAsync(request, _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            requests.TryComplete();
        }
    }

    private static byte[] Format(RawAnswer answer)
    {
        if (answer.Verbatim is not null)
        {
            return answer.Verbatim;
        }

        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {answer.Status} {answer.Reason}\r\n");
        head.Append("Content-Type: ").Append(answer.ContentType).Append("\r\n");
        head.Append("Date: Wed, 02 Dec 2026 10:00:00 GMT\r\n");
        if (answer.Close)
        {
            head.Append("Connection: close\r\n");
        }

        var bytes = new MemoryStream();
        if (!answer.Chunked)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {answer.Body.Length}\r\n\r\n");
            bytes.Write(Encoding.ASCII.GetBytes(head.ToString()));
            bytes.Write(answer.Body);
            return bytes.ToArray();
        }

        // As Go does for a handler that flushes: chunks, here of at most 3 bytes, with an extension on the first.
        head.Append("Transfer-Encoding: chunked\r\n\r\n");
        bytes.Write(Encoding.ASCII.GetBytes(head.ToString()));
        for (int at = 0; at < answer.Body.Length; at += 3)
        {
            int size = Math.Min(3, answer.Body.Length - at);
            bytes.Write(Encoding.ASCII.GetBytes(size.ToString("x", CultureInfo.InvariantCulture) + (at == 0 ? ";ext=1" : string.Empty) + "\r\n"));
            bytes.Write(answer.Body, at, size);
            bytes.Write("\r\n"u8);
        }

        bytes.Write("0\r\n\r\n"u8);
        return bytes.ToArray();
    }

    private sealed class Outstanding
    {
        public int Count;

        public SemaphoreSlim Answered { get; } = new(0);
    }

    private sealed class RequestReader
    {
        private readonly Stream _stream;
        private readonly MemoryStream _pending = new();

        public RequestReader(Stream stream)
        {
            _stream = stream;
        }

        public async Task<RawRequest?> ReadAsync(int connection, int index, CancellationToken cancellationToken)
        {
            int end;
            while ((end = IndexOfEndOfHead()) < 0)
            {
                if (!await FillAsync(cancellationToken))
                {
                    return null;
                }
            }

            byte[] all = _pending.ToArray();
            string[] lines = Encoding.ASCII.GetString(all, 0, end).Split("\r\n");
            string[] requestLine = lines[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string line in lines[1..])
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                headers[line[..colon]] = line[(colon + 1)..].Trim();
            }

            int length = headers.TryGetValue("Content-Length", out string? value) ? int.Parse(value, CultureInfo.InvariantCulture) : 0;
            Consume(end + 4);
            while (_pending.Length < length)
            {
                if (!await FillAsync(cancellationToken))
                {
                    throw new EndOfStreamException("The request body ended early.");
                }
            }

            byte[] body = _pending.ToArray()[..length];
            Consume(length);
            headers.TryGetValue("Content-Type", out string? contentType);
            return new RawRequest(connection, index, requestLine[0], requestLine[1], contentType, body);
        }

        private int IndexOfEndOfHead() => _pending.ToArray().AsSpan().IndexOf("\r\n\r\n"u8);

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            byte[] buffer = new byte[4096];
            int read = await _stream.ReadAsync(buffer, cancellationToken);
            _pending.Write(buffer, 0, read);
            return read > 0;
        }

        private void Consume(int count)
        {
            byte[] rest = _pending.ToArray()[count..];
            _pending.SetLength(0);
            _pending.Write(rest);
        }
    }
}
