using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// A hostile or broken peer below HTTP: on 127.0.0.1, it reads each request (head and
/// Content-Length body) and writes back the bytes the test gives, then keeps the connection open
/// without a word more until the client closes it (a body promised and never finished stalls).
/// </summary>
internal sealed class CannedPeer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly Func<int, byte[]> _answer;
    private readonly List<Task> _connections = [];

    /// <param name="answer">The bytes to write for the request with this number (0-based, over all connections).</param>
    public CannedPeer(Func<int, byte[]> answer)
    {
        _answer = answer;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public CannedPeer(string answer)
        : this(_ => Encoding.Latin1.GetBytes(answer))
    {
    }

    public string Address => "127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Requests => Volatile.Read(ref _requests);

    private int _requests;

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }

        Task[] connections;
        lock (_connections)
        {
            connections = _connections.ToArray();
        }

        await Task.WhenAll(connections).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket = await _listener.AcceptSocketAsync(_stop.Token);
            lock (_connections)
            {
                _connections.Add(ServeAsync(socket));
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        await using (var stream = new NetworkStream(socket, ownsSocket: false))
        {
            var buffered = new List<byte>();
            byte[] buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    // One request: the head, then as many body bytes as it announces.
                    int headEnd;
                    while ((headEnd = IndexOfEndOfHead(buffered)) < 0)
                    {
                        int read = await stream.ReadAsync(buffer, _stop.Token);
                        if (read == 0)
                        {
                            return;
                        }

                        buffered.AddRange(buffer.AsSpan(0, read));
                    }

                    string head = Encoding.Latin1.GetString(buffered.GetRange(0, headEnd).ToArray());
                    int length = ContentLength(head);
                    while (buffered.Count < headEnd + 4 + length)
                    {
                        int read = await stream.ReadAsync(buffer, _stop.Token);
                        if (read == 0)
                        {
                            return;
                        }

                        buffered.AddRange(buffer.AsSpan(0, read));
                    }

                    buffered.RemoveRange(0, headEnd + 4 + length);
                    int number = Interlocked.Increment(ref _requests) - 1;
                    await stream.WriteAsync(_answer(number), _stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // The client went away, or the test ended.
            }
        }
    }

    private static int IndexOfEndOfHead(List<byte> bytes)
    {
        for (int i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    private static int ContentLength(string head)
    {
        foreach (string line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line.AsSpan("Content-Length:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
