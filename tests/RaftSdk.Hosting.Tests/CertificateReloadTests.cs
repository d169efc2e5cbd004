using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;
using RaftSdk.Hosting.Tests.Contract;
using RaftSdk.Hosting.Tests.Infrastructure;
using RaftSdk.Tls;
using Xunit;

namespace RaftSdk.Hosting.Tests;

/// <summary>A hosted node reloads its TLS files when they change, and logs it (issue 18, point 4).</summary>
public sealed class CertificateReloadTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("raftsdk-reload-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_hosted_node_takes_up_new_files_and_logs_a_broken_one()
    {
        using DevelopmentCertificateAuthority ca = DevelopmentCertificateAuthority.Create("Reload CA");
        NodeCertificateFiles files = ca.WriteNodeFiles(_directory, "node");
        var logs = new FakeLoggerProvider();
        HostApplicationBuilder builder = TestHosts.Generic(
            TestHosts.Settings(
                ("RaftSdk:Tls:KeyFile", files.KeyFile),
                ("RaftSdk:Tls:CertificateFile", files.CertificateFile),
                ("RaftSdk:Tls:CaFile", files.CaFile),
                ("RaftSdk:Tls:ReloadDelay", "00:00:00.2")),
            logs);
        builder.Services.AddSingleton<IGreeter>(new Greeter());
        builder.Services.AddRaftSdk(builder.Configuration).AddListener<IGreeter>(GreeterDispatcher.Routes, GreeterDispatcher.ContentType);
        using IHost host = builder.Build();
        await host.StartAsync();
        RaftTlsCredentials tls = host.Services.GetRequiredService<RaftNodeCredentials>().Tls!;
        string first = tls.Certificate.Thumbprint;

        File.WriteAllText(files.KeyFile, "not a key");
        string refused = await LoggedAsync(logs, 321);
        (X509Certificate2 renewed, string key) = ca.IssueNodeCertificate("node");
        using (renewed)
        {
            DevelopmentCertificateAuthority.WritePem(files.CertificateFile, renewed);
            File.WriteAllText(files.KeyFile, key);
            string reloaded = await LoggedAsync(logs, 320);

            Assert.StartsWith("RaftSdk mutual TLS: the changed files do not load, the previous credentials stay in use: ", refused, StringComparison.Ordinal);
            Assert.Equal(
                $"RaftSdk mutual TLS: files changed, new handshakes now use node certificate CN=node (expires {renewed.NotAfter.ToUniversalTime():u}) and 1 CA certificate(s), generation 1.",
                reloaded);
            Assert.Equal(renewed.Thumbprint, tls.Certificate.Thumbprint);
            Assert.NotEqual(first, tls.Certificate.Thumbprint);
        }

        await host.StopAsync();
    }

    /// <summary>The first message with event id <paramref name="eventId"/>, waited for (bounded).</summary>
    private static async Task<string> LoggedAsync(FakeLoggerProvider logs, int eventId)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            FakeLogRecord? record = logs.Collector.GetSnapshot().FirstOrDefault(r => r.Id.Id == eventId);
            if (record is not null)
            {
                return record.Message;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No log event {eventId} within 30 s.");
    }
}
