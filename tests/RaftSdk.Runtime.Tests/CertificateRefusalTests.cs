using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RaftSdk.Hosting;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Runtime.Tests.Protos;
using RaftSdk.Server;
using RaftSdk.Tls;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

/// <summary>
/// A client whose certificate the server refuses learns that it was TLS, and why; the server
/// logs each refusal with the reason and the peer's address (issue 13, finding 2).
/// </summary>
public sealed class CertificateRefusalTests(TlsFixture certificates, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<TlsFixture>
{
    [Theory]
    [InlineData("self-signed")]
    [InlineData("other-ca")]
    [InlineData("expired")]
    [InlineData("not-yet-valid")]
    public async Task ClientLearnsWhyItsCertificateWasRefused(string kind)
    {
        using RaftTlsCredentials serverTls = certificates.Server.LoadCredentials();
        using RaftTlsCredentials clientTls = ClientCredentials(kind);
        string reason = kind switch
        {
            "self-signed" => "the certificate is self-signed and not in the CA pool",
            "other-ca" => "the certificate was issued by 'CN=RaftSdk Test Other CA', which does not chain to the CA pool",
            "expired" => "the certificate expired on " + Utc(clientTls.Certificate.NotAfter),
            _ => "the certificate is not valid before " + Utc(clientTls.Certificate.NotBefore),
        };
        var log = new ListLoggerFactory();
        var service = new TestService();
        var endpoint = new RaftEndpoint<ITestContract>(TestServer.Routes, new RaftServerOptions { ContentType = TestServer.ContentType }, () => service);
        await using RaftListener listener = await RaftListener.StartAsync(
            endpoint.HandleAsync,
            new RaftListenerOptions { BindAddress = IPAddress.Loopback, Tls = serverTls, LoggerFactory = log });
        using RaftClientCore client = TestServer.CreateClient(clientTls);
        string address = "127.0.0.1:" + listener.Port;

        RaftConnectionException error = await Assert.ThrowsAsync<RaftConnectionException>(() =>
            client.SendAsync(address, TestServer.Ping, TestServer.NewPing(1), CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.Equal(RaftConnectionFailure.TlsHandshake, error.Failure);
        Assert.Equal(
            $"Cannot call /test/ping on {address}: TLS handshake failed (The server refused this node's TLS certificate: {reason})",
            error.Message);
        Assert.Empty(service.ConnectionIds);
        string logged = Assert.Single(log.Entries, e => e.EventId == 401).Message;
        Assert.Contains(reason, logged, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertificateRequestNamesTheCaPool()
    {
        using RaftTlsCredentials serverTls = certificates.Server.LoadCredentials();
        await using TestServer server = await TestServer.StartAsync(serverTls);

        IReadOnlyList<string> names = await Tls12CertificateRequestProbe.ReadCaNamesAsync(server.Listener.Port, TimeSpan.FromSeconds(30));

        Assert.Equal(new[] { certificates.ClusterCa.Certificate.Subject }, names);
    }

    [Fact]
    public void FloodOfRefusalsIsLoggedOncePerInterval()
    {
        var gate = new LogFloodGate(1, TimeSpan.FromHours(1));

        Assert.True(gate.ShouldLog(0, out long first));
        for (int i = 0; i < 999; i++)
        {
            Assert.False(gate.ShouldLog(0, out _));
        }

        Assert.Equal(0, first);
    }

    private RaftTlsCredentials ClientCredentials(string kind)
    {
        switch (kind)
        {
            case "self-signed":
                return certificates.SelfSignedNode.LoadCredentials();
            case "other-ca":
                return certificates.OtherCaNode.LoadCredentials();
            case "expired":
                // Within the CA's own validity (a child cannot outlive its issuer), but over.
                DateTimeOffset caStart = certificates.ClusterCa.Certificate.NotBefore.ToUniversalTime();
                return Issued(caStart, caStart + TimeSpan.FromMinutes(1));
            case "not-yet-valid":
                DateTimeOffset caEnd = certificates.ClusterCa.Certificate.NotAfter.ToUniversalTime();
                return Issued(caEnd - TimeSpan.FromHours(1), caEnd);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    private RaftTlsCredentials Issued(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        (X509Certificate2 certificate, string _) = certificates.ClusterCa.IssueNodeCertificate("dated", notBefore, notAfter);
        var authorities = new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(certificates.ClusterCa.Certificate.RawData));
        return new RaftTlsCredentials(certificate, authorities);
    }

    private static string Utc(DateTime local) =>
        local.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
