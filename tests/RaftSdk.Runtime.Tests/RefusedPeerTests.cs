using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using RaftSdk.Hosting;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Server;
using RaftSdk.Tls;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// A refused client certificate costs the server the handshake and the request headers, no
/// more: no resumption past the check, no body byte, the connection closed with the answer; the reason
/// reaches the log once (event 401) and the client's status line, which is all Go's changeagent
/// prints (issue 18, point 2). OpenSSL's client stands for a foreign client: it prints the
/// session tickets it gets and the raw answer.
/// </summary>
public sealed class RefusedPeerTests(TlsFixture certificates, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<TlsFixture>
{
    private const string SelfSignedReason = "the certificate is self-signed and not in the CA pool";

    [Fact]
    public async Task A_refused_peer_reads_the_reason_in_the_status_line_and_its_body_is_not_read()
    {
        using RaftTlsCredentials serverTls = certificates.Server.LoadCredentials();
        var log = new ListLoggerFactory();
        var service = new TestService();
        await using RaftListener listener = await StartAsync(serverTls, service, log, ClientCertificateRefusal.Forbidden);

        // 32 MiB announced, 64 KiB sent, stdin left open: openssl ends only if the server closes.
        string seen = await RunOpenSslClientAsync(listener.Port, certificates.SelfSignedNode, bodyAnnounced: 32 << 20, bodySent: 64 << 10);

        Assert.Contains($"HTTP/1.1 403 TLS client certificate refused: {SelfSignedReason}\r\n", seen, StringComparison.Ordinal);
        Assert.Contains("RaftSdk-Refusal: client-certificate\r\n", seen, StringComparison.Ordinal);
        Assert.Empty(service.Requests);
        var entry = Assert.Single(log.Entries);
        Assert.Equal(401, entry.EventId);
        Assert.Contains(SelfSignedReason, entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_403_the_connection_is_gone_the_rest_of_the_body_is_not_drained()
    {
        using RaftTlsCredentials serverTls = certificates.Server.LoadCredentials();
        using RaftTlsCredentials refusedTls = certificates.SelfSignedNode.LoadCredentials();
        var service = new TestService();
        await using RaftListener listener = await StartAsync(serverTls, service, null, ClientCertificateRefusal.Forbidden);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, listener.Port);
        using var tls = new System.Net.Security.SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ClientCertificates = new System.Security.Cryptography.X509Certificates.X509CertificateCollection { refusedTls.Certificate },
        });
        const int Announced = 32 << 20;
        await tls.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
            $"POST /test/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {TestServer.ContentType}\r\nContent-Length: {Announced}\r\n\r\n"));
        string answer = await ReadHeadAsync(tls);
        Assert.StartsWith($"HTTP/1.1 403 TLS client certificate refused: {SelfSignedReason}\r\n", answer, StringComparison.Ordinal);

        // A server that drained the body would read all 32 MiB; this one closed after its answer.
        long written = 0;
        var chunk = new byte[64 << 10];
        Exception? failure = null;
        try
        {
            while (written < Announced)
            {
                await tls.WriteAsync(chunk);
                written += chunk.Length;
            }
        }
        catch (IOException e)
        {
            failure = e;
        }

        Assert.True(failure is not null, $"the server took all {written:N0} bytes of the refused body");
        Assert.Empty(service.Requests);
    }

    private static async Task<string> ReadHeadAsync(Stream stream)
    {
        var head = new System.Text.StringBuilder();
        var buffer = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer, timeout.Token) == 1)
        {
            head.Append((char)buffer[0]);
        }

        return head.ToString();
    }

    [Fact]
    public async Task With_Close_a_refused_peer_gets_no_answer_and_the_reason_is_logged()
    {
        using RaftTlsCredentials serverTls = certificates.Server.LoadCredentials();
        var log = new ListLoggerFactory();
        var service = new TestService();
        await using RaftListener listener = await StartAsync(serverTls, service, log, ClientCertificateRefusal.Close);

        string seen = await RunOpenSslClientAsync(listener.Port, certificates.SelfSignedNode, bodyAnnounced: 32 << 20, bodySent: 64 << 10);

        Assert.DoesNotContain("HTTP/1.1", seen, StringComparison.Ordinal);
        Assert.Empty(service.Requests);
        var entry = Assert.Single(log.Entries);
        Assert.Equal(401, entry.EventId);
        Assert.Contains(SelfSignedReason, entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_ticket_of_a_refused_peer_resumes_nothing_it_is_judged_again()
    {
        using RaftTlsCredentials serverTls = certificates.Server.LoadCredentials();
        var log = new ListLoggerFactory();
        var service = new TestService();
        await using RaftListener listener = await StartAsync(serverTls, service, log, ClientCertificateRefusal.Forbidden);
        string session = Path.Combine(certificates.Directory, "refused-" + Guid.NewGuid().ToString("N") + ".session");

        string first = await RunOpenSslClientAsync(listener.Port, certificates.SelfSignedNode, bodyAnnounced: 0, bodySent: 0, "-sess_out", session);
        string second = await RunOpenSslClientAsync(listener.Port, certificates.SelfSignedNode, bodyAnnounced: 0, bodySent: 0, "-sess_in", session);

        Assert.True(File.Exists(session), "openssl kept no session to resume");
        Assert.Contains("New, TLSv1.3", second, StringComparison.Ordinal);
        Assert.DoesNotContain("Reused,", second, StringComparison.Ordinal);
        Assert.Contains($"HTTP/1.1 403 TLS client certificate refused: {SelfSignedReason}\r\n", first, StringComparison.Ordinal);
        Assert.Contains($"HTTP/1.1 403 TLS client certificate refused: {SelfSignedReason}\r\n", second, StringComparison.Ordinal);
        Assert.Empty(service.Requests);
    }

    private static Task<RaftListener> StartAsync(RaftTlsCredentials tls, TestService service, ListLoggerFactory? log, ClientCertificateRefusal refusal)
    {
        var endpoint = new RaftEndpoint<ITestContract>(TestServer.Routes, new RaftServerOptions { ContentType = TestServer.ContentType }, () => service);
        return RaftListener.StartAsync(
            endpoint.HandleAsync,
            new RaftListenerOptions { BindAddress = IPAddress.Loopback, Tls = tls, LoggerFactory = log, ClientCertificateRefusal = refusal });
    }

    /// <summary>
    /// Runs <c>openssl s_client</c> with the node's files, sends a POST announcing
    /// <paramref name="bodyAnnounced"/> bytes and sending <paramref name="bodySent"/>, and returns
    /// what it printed once it ended. Its input stays open, so it ends only when the server
    /// closes the connection.
    /// </summary>
    private async Task<string> RunOpenSslClientAsync(int port, NodeCertificateFiles node, long bodyAnnounced, int bodySent, params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            ArgumentList = { "s_client", "-connect", "127.0.0.1:" + port, "-cert", node.CertificateFile, "-key", node.KeyFile, "-CAfile", node.CaFile },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        try
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            try
            {
                string request = $"POST /test/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {TestServer.ContentType}\r\nContent-Length: {bodyAnnounced}\r\n\r\n" + new string('x', bodySent);
                await process.StandardInput.WriteAsync(request);
                await process.StandardInput.FlushAsync();
            }
            catch (IOException)
            {
                // openssl ended first (the server closed): its output says how.
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            string seen = await stdout + await stderr;
            output.WriteLine(seen);
            return seen;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }
}
