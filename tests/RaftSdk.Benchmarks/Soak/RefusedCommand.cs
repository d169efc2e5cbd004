using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Benchmarks.Serve;
using RaftSdk.Tls;

namespace RaftSdk.Benchmarks.Soak;

/// <summary>
/// <c>refused</c>: what a refused TLS peer costs a server (issue 18, point 2). Connections with a
/// self-signed client certificate (not in the server's CA pool, made at run time) each send an
/// Append's headers announcing <c>--bytes</c> and then push the body as fast as the server takes
/// it, without waiting for an answer, until it is all sent or the server closes. Reports the
/// bytes the server took and its CPU time (from the <c>serve</c> process's control port), per
/// connection and per GiB taken.
/// </summary>
internal static class RefusedCommand
{
    public static async Task<int> RunAsync(CommandLine args)
    {
        string target = args.Text("target") ?? throw new UsageException("--target host:port is required.");
        string control = args.Text("server-control") ?? throw new UsageException("--server-control host:port (the serve process's control port) is required.");
        int connections = args.Int("connections", 64);
        int concurrency = args.Int("concurrency", 4);
        int announced = args.Int("bytes", 32 * 1024 * 1024);
        args.EnsureAllRead();

        string[] hostPort = target.Split(':');
        (X509Certificate2 certificate, _) = DevelopmentCertificateAuthority.CreateSelfSignedNodeCertificate("refused-peer");
        using (certificate)
        using (var http = new HttpClient())
        {
            var stats = new Uri("http://" + control + "/stats");
            ProcessStats before = await http.GetFromJsonAsync<ProcessStats>(stats).ConfigureAwait(false) ?? throw new InvalidOperationException("no stats");
            var clock = Stopwatch.StartNew();
            long taken = 0;
            int next = 0;
            string[] endings = new string[connections];
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                for (int i; (i = Interlocked.Increment(ref next) - 1) < connections;)
                {
                    (long sent, string ending) = await PushAsync(hostPort[0], int.Parse(hostPort[1], System.Globalization.CultureInfo.InvariantCulture), certificate, announced).ConfigureAwait(false);
                    Interlocked.Add(ref taken, sent);
                    endings[i] = ending;
                }
            }))).ConfigureAwait(false);
            clock.Stop();

            // The server's CPU for the last connections may still be under way: let it settle.
            await Task.Delay(1000).ConfigureAwait(false);
            ProcessStats after = await http.GetFromJsonAsync<ProcessStats>(stats).ConfigureAwait(false) ?? throw new InvalidOperationException("no stats");
            double cpu = after.CpuMilliseconds - before.CpuMilliseconds;
            double gib = taken / (double)(1L << 30);
            Console.WriteLine($"refused: {connections} connections ({concurrency} at a time) with a self-signed client certificate, each announcing {announced:N0} body bytes, to {target}, in {clock.Elapsed.TotalSeconds:0.0} s");
            Console.WriteLine($"  endings: {string.Join(", ", endings.GroupBy(e => e).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}"))}");
            Console.WriteLine($"  body bytes the server took: {taken:N0} ({gib:0.000} GiB, {taken / connections:N0} per connection)");
            Console.WriteLine($"  server CPU: {cpu:N0} ms ({cpu / connections:0.0} ms per connection{(gib > 0.01 ? $", {cpu / 1000 / gib:0.00} s per GiB taken" : string.Empty)})");
            return 0;
        }
    }

    /// <summary>One refused connection: the handshake, the headers, then the body until the server stops taking it.</summary>
    private static async Task<(long Sent, string Ending)> PushAsync(string host, int port, X509Certificate2 certificate, int announced)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host, port).ConfigureAwait(false);
        using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ClientCertificates = new X509CertificateCollection { certificate },
            }).ConfigureAwait(false);
            await tls.WriteAsync(Encoding.ASCII.GetBytes(
                $"POST /raft/append HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/changeagent+protobuf\r\nContent-Length: {announced}\r\n\r\n")).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            return (0, "closed before the body");
        }

        long sent = 0;
        byte[] chunk = new byte[64 * 1024];
        try
        {
            while (sent < announced)
            {
                int n = (int)Math.Min(chunk.Length, announced - sent);
                await tls.WriteAsync(chunk.AsMemory(0, n)).ConfigureAwait(false);
                sent += n;
            }

            return (sent, "whole body sent");
        }
        catch (IOException)
        {
            // Written into the socket's buffers is not taken by the server: only whole chunks
            // written before the failure count, an upper bound of what the server read.
            return (sent, "closed during the body");
        }
    }
}
