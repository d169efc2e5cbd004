using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Runtime.Tests.Protos;
using RaftSdk.Tls;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// More idle connections than the listener's limit (1,024) lock no peer out: with 1,100 idle
/// plaintext connections held open, or 1,100 TLS connections that sent no client certificate, a
/// peer is served at once, every call within 1 s (issue 18, point 1). Before, Kestrel refused
/// every connection past the limit until the idle ones timed out (130 s).
/// </summary>
[Collection(nameof(LockoutCollection))]
public sealed class LockoutTests(TlsFixture certificates) : IClassFixture<TlsFixture>
{
    private const int HeldConnections = 1100;
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_peer_is_served_while_1100_idle_plaintext_connections_are_held_open()
    {
        await using TestServer server = await TestServer.StartAsync();
        await WarmUpAsync(server.Address, null);
        var held = new ConcurrentBag<IDisposable>();
        try
        {
            await HoldAsync(held, async () =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                held.Add(socket);
                await socket.ConnectAsync(IPAddress.Loopback, server.Listener.Port);
            });

            using RaftClientCore client = TestServer.CreateClient(timeout: CallDeadline);
            await AssertServedAsync(client, server.Address);
        }
        finally
        {
            DisposeAll(held);
        }
    }

    [Fact]
    public async Task A_peer_is_served_while_1100_TLS_connections_without_a_client_certificate_are_held_open()
    {
        using RaftTlsCredentials serverTls = certificates.Server.LoadCredentials();
        using RaftTlsCredentials clientTls = certificates.Client.LoadCredentials();
        await using TestServer server = await TestServer.StartAsync(serverTls);
        await WarmUpAsync(server.Address, clientTls);
        var held = new ConcurrentBag<IDisposable>();
        try
        {
            await HoldAsync(held, async () =>
            {
                var tcp = new TcpClient();
                held.Add(tcp);
                await tcp.ConnectAsync(IPAddress.Loopback, server.Listener.Port);
                var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
                held.Add(tls);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    // No client certificate. Whether the server refuses it in the handshake or
                    // keeps the connection, the attacker holds it as long as it can.
                    await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, timeout.Token);
                }
                catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or System.IO.IOException or OperationCanceledException)
                {
                }
            });

            using RaftClientCore client = TestServer.CreateClient(clientTls, timeout: CallDeadline);
            await AssertServedAsync(client, server.Address);
        }
        finally
        {
            DisposeAll(held);
        }
    }

    private static async Task HoldAsync(ConcurrentBag<IDisposable> held, Func<Task> open)
    {
        // Eight at a time: fast enough, and the accept queue never overflows.
        int next = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= HeldConnections)
            {
                await open();
            }
        }));
    }

    // The first call of a process compiles client and server paths, which can take over a
    // second on a busy machine; the deadline is for being served, not for the JIT.
    private static async Task WarmUpAsync(string address, RaftTlsCredentials? tls)
    {
        using RaftClientCore client = TestServer.CreateClient(tls, timeout: TimeSpan.FromSeconds(30));
        await client.SendAsync(address, TestServer.Ping, TestServer.NewPing(0), CancellationToken.None);
    }

    private static async Task AssertServedAsync(RaftClientCore client, string address)
    {
        for (ulong id = 1; id <= 10; id++)
        {
            Pong pong = await client.SendAsync(address, TestServer.Ping, TestServer.NewPing(id), CancellationToken.None);
            Assert.Equal(id, pong.Id);
        }
    }

    private static void DisposeAll(IEnumerable<IDisposable> held)
    {
        foreach (IDisposable item in held)
        {
            item.Dispose();
        }
    }
}

/// <summary>The lockout tests hold 1,100 connections each: alone, so no other test shares the listener limits or the machine's ports with them.</summary>
[CollectionDefinition(nameof(LockoutCollection), DisableParallelization = true)]
public sealed class LockoutCollection;
