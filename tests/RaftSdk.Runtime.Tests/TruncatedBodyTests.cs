using System;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Runtime.Tests.Protos;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

public sealed class TruncatedBodyTests
{
    [Fact]
    public async Task ClientThatLeavesMidBodyGetsNoAnswerAndTheServerKeepsServing()
    {
        await using TestServer server = await TestServer.StartAsync();
        using (var raw = new TcpClient())
        {
            await raw.ConnectAsync("127.0.0.1", server.Listener.Port);
            NetworkStream stream = raw.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                "POST /test/ping HTTP/1.1\r\nHost: x\r\nContent-Type: application/changeagent+protobuf\r\nContent-Length: 100\r\n\r\n\x08\x01"));
            raw.Client.Shutdown(SocketShutdown.Send);
            // Kestrel takes the half-close as the client going away: nobody to answer. The server
            // ends the connection with a FIN or, when it aborts with bytes still unread, a reset;
            // either way not one byte of a response comes back.
            Assert.Equal(0, await ReadUntilClosedAsync(stream));
        }

        using RaftClientCore client = TestServer.CreateClient();
        Pong pong = await client.SendAsync(server.Address, TestServer.Ping, TestServer.NewPing(5), CancellationToken.None);

        Assert.Equal(5UL, pong.Id);
        Assert.Single(server.Service.ConnectionIds);
    }

    private static async Task<int> ReadUntilClosedAsync(NetworkStream stream)
    {
        byte[] buffer = new byte[4096];
        int total = 0;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5))) > 0)
            {
                total += read;
            }
        }
        catch (System.IO.IOException exception) when (exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
        }

        return total;
    }
}
