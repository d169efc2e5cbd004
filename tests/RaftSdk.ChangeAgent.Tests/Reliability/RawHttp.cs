using System;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.ChangeAgent.Tests.Reliability;

/// <summary>Speaks HTTP/1.1 over a raw socket, for framing no HTTP client would send.</summary>
internal static class RawHttp
{
    /// <summary>Sends <paramref name="request"/>, optionally half-closes, and returns the status line of the answer.</summary>
    public static async Task<string> SendAsync(int port, byte[] request, bool halfClose, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var cancel = new CancellationTokenSource(timeout);
        await socket.ConnectAsync("127.0.0.1", port, cancel.Token);
        await socket.SendAsync(request, SocketFlags.None, cancel.Token);
        if (halfClose)
        {
            socket.Shutdown(SocketShutdown.Send);
        }

        var answer = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (true)
        {
            int read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
            if (read == 0)
            {
                break;
            }

            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            if (answer.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                break;
            }
        }

        string text = answer.ToString();
        int end = text.IndexOf("\r\n", StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }

    public static byte[] Head(string headers) => Encoding.ASCII.GetBytes(headers.Replace("\n", "\r\n", StringComparison.Ordinal));
}
