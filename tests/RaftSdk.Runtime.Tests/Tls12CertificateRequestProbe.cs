using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// Reads the CA names of a server's CertificateRequest. .NET's client does not hand them to its
/// certificate selection callback on Linux, so this speaks just enough TLS 1.2 (where the
/// CertificateRequest travels unencrypted): a ClientHello for ECDHE-ECDSA with AES-GCM, then the
/// server's handshake messages up to ServerHelloDone.
/// </summary>
internal static class Tls12CertificateRequestProbe
{
    public static async Task<IReadOnlyList<string>> ReadCaNamesAsync(int port, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var cancel = new CancellationTokenSource(timeout);
        await socket.ConnectAsync("127.0.0.1", port, cancel.Token);
        await socket.SendAsync(ClientHello(), SocketFlags.None, cancel.Token);

        var handshake = new List<byte>();
        using var stream = new NetworkStream(socket, ownsSocket: false);
        while (true)
        {
            byte[] header = await ReadExactlyAsync(stream, 5, cancel.Token);
            byte[] body = await ReadExactlyAsync(stream, (header[3] << 8) | header[4], cancel.Token);
            if (header[0] != 0x16)
            {
                throw new InvalidDataException($"TLS record type {header[0]} before ServerHelloDone (an alert is 21).");
            }

            handshake.AddRange(body);
            int at = 0;
            while (handshake.Count - at >= 4)
            {
                int type = handshake[at];
                int length = (handshake[at + 1] << 16) | (handshake[at + 2] << 8) | handshake[at + 3];
                if (handshake.Count - at - 4 < length)
                {
                    break;
                }

                if (type == 13)
                {
                    return ParseCertificateRequest(handshake.GetRange(at + 4, length).ToArray());
                }

                if (type == 14)
                {
                    return Array.Empty<string>(); // ServerHelloDone without a CertificateRequest
                }

                at += 4 + length;
            }
        }
    }

    private static IReadOnlyList<string> ParseCertificateRequest(byte[] message)
    {
        int at = 1 + message[0];                                   // certificate_types
        at += 2 + ((message[at] << 8) | message[at + 1]);          // supported_signature_algorithms
        int end = at + 2 + ((message[at] << 8) | message[at + 1]); // certificate_authorities
        at += 2;
        var names = new List<string>();
        while (at < end)
        {
            int length = (message[at] << 8) | message[at + 1];
            names.Add(new X500DistinguishedName(message.AsSpan(at + 2, length)).Name);
            at += 2 + length;
        }

        return names;
    }

    private static byte[] ClientHello()
    {
        byte[] extensions =
        [
            0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17,                   // supported_groups: secp256r1
            0x00, 0x0b, 0x00, 0x02, 0x01, 0x00,                               // ec_point_formats: uncompressed
            0x00, 0x0d, 0x00, 0x08, 0x00, 0x06, 0x04, 0x03, 0x08, 0x04, 0x04, 0x01, // signature_algorithms
            0xff, 0x01, 0x00, 0x01, 0x00,                                     // renegotiation_info
        ];
        var hello = new List<byte> { 0x03, 0x03 };
        hello.AddRange(new byte[32]);                                            // random (not secret: nothing is encrypted)
        hello.Add(0x00);                                                         // session id
        hello.AddRange(new byte[] { 0x00, 0x04, 0xc0, 0x2b, 0xc0, 0x2c });      // ECDHE-ECDSA-AES128/256-GCM
        hello.AddRange(new byte[] { 0x01, 0x00 });                              // compression: none
        hello.Add((byte)(extensions.Length >> 8));
        hello.Add((byte)extensions.Length);
        hello.AddRange(extensions);

        var record = new List<byte> { 0x16, 0x03, 0x01, (byte)((hello.Count + 4) >> 8), (byte)(hello.Count + 4), 0x01, 0x00, (byte)(hello.Count >> 8), (byte)hello.Count };
        record.AddRange(hello);
        return record.ToArray();
    }

    private static async Task<byte[]> ReadExactlyAsync(NetworkStream stream, int count, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }
}
