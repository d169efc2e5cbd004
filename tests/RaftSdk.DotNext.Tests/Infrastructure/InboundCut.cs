using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.DotNext.Tests.Infrastructure;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of one member's listener: the address its peers call it at.
/// <see cref="Cut"/> drops every relayed connection and refuses new ones (reset at once), so the
/// member hears no one while its own calls to its peers still go through: the one-way partition in
/// which a member, no longer hearing the leader, starts elections the others must not follow.
/// Bytes are relayed as they are, so mutual TLS runs end to end through it.
/// </summary>
internal sealed class InboundCut : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private bool _cut;

    public InboundCut(int target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public void Cut()
    {
        lock (_open)
        {
            _cut = true;
            foreach (TcpClient client in _open)
            {
                client.Client.LingerState = new LingerOption(true, 0); // reset, as a lost link looks to a peer
                client.Dispose();
            }

            _open.Clear();
        }
    }

    public void Heal()
    {
        lock (_open)
        {
            _cut = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = RelayAsync(inbound);
        }
    }

    private async Task RelayAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        if (!Track(inbound, outbound))
        {
            inbound.Client.LingerState = new LingerOption(true, 0);
            inbound.Dispose();
            outbound.Dispose();
            return;
        }

        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            NetworkStream a = inbound.GetStream();
            NetworkStream b = outbound.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // the link was cut, or one side closed
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(inbound);
                _open.Remove(outbound);
            }

            inbound.Dispose();
            outbound.Dispose();
        }
    }

    private bool Track(TcpClient inbound, TcpClient outbound)
    {
        lock (_open)
        {
            if (_cut)
            {
                return false;
            }

            _open.Add(inbound);
            _open.Add(outbound);
            return true;
        }
    }
}
