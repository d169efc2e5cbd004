using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RaftSdk.Hosting.Tests.Contract;
using RaftSdk.Hosting.Tests.Infrastructure;
using Xunit;

namespace RaftSdk.Hosting.Tests;

/// <summary>A bad configuration stops the host at start, naming the key and the file.</summary>
public sealed class OptionValidationTests
{
    [Fact]
    public async Task A_port_out_of_range_fails_the_start()
    {
        string message = await StartFailsAsync(TestHosts.Settings(("RaftSdk:Port", "70000")));

        Assert.Contains("RaftSdk:Port: 70000 is not a TCP port (0-65535; 0 takes any free port).", message);
    }

    [Fact]
    public async Task A_port_that_is_no_number_fails_the_start()
    {
        string message = await StartFailsAsync(TestHosts.Settings(("RaftSdk:Port", "nine thousand")));

        Assert.Contains("RaftSdk:Port: 'nine thousand' is not a whole number.", message);
    }

    [Fact]
    public async Task A_misspelt_key_and_a_bad_address_fail_the_start_together()
    {
        string message = await StartFailsAsync(TestHosts.Settings(("RaftSdk:Prot", "9000"), ("RaftSdk:BindAddress", "my-host")));

        Assert.Contains("RaftSdk:Prot: not a RaftSdk setting", message);
        Assert.Contains("RaftSdk:BindAddress: 'my-host' is not an IP address", message);
    }

    [Fact]
    public async Task A_missing_key_file_fails_the_start_with_the_option_and_the_path()
    {
        using var pki = new Testing.TestCertificates();
        Dictionary<string, string?> settings = pki.Settings(pki.NodeA);
        string missing = Path.Combine(pki.Directory, "no-such.key");
        settings["RaftSdk:Tls:KeyFile"] = missing;

        string message = await StartFailsAsync(settings);

        Assert.Contains($"RaftSdk:Tls:KeyFile: the file '{missing}' does not exist", message);
    }

    [Fact]
    public async Task An_unreadable_CA_file_fails_the_start_with_the_option_and_the_path()
    {
        using var pki = new Testing.TestCertificates();
        Dictionary<string, string?> settings = pki.Settings(pki.NodeA);
        string garbage = Path.Combine(pki.Directory, "garbage-ca.crt");
        File.WriteAllText(garbage, "this is not PEM");
        settings["RaftSdk:Tls:CaFile"] = garbage;

        string message = await StartFailsAsync(settings);

        Assert.Contains("RaftSdk:Tls: the files", message);
        Assert.Contains($"The CA file '{garbage}' holds no parsable PEM certificate.", message);
    }

    [Fact]
    public async Task Half_a_TLS_configuration_fails_the_start()
    {
        using var pki = new Testing.TestCertificates();
        Dictionary<string, string?> settings = pki.Settings(pki.NodeA);
        settings.Remove("RaftSdk:Tls:CaFile");

        string message = await StartFailsAsync(settings);

        Assert.Contains("RaftSdk:Tls:CaFile: missing; KeyFile, CertificateFile and CaFile are set together or not at all.", message);
    }

    [Fact]
    public async Task A_valid_configuration_is_read_into_the_options()
    {
        HostApplicationBuilder builder = TestHosts.Generic(TestHosts.Settings(
            ("RaftSdk:Port", "0"), ("RaftSdk:RequestTimeout", "00:00:03"), ("RaftSdk:MaxRequestBodySize", "1024"), ("RaftSdk:ShutdownTimeout", "00:00:01")));
        builder.Services.AddRaftSdk(builder.Configuration);
        using IHost host = builder.Build();
        await host.StartAsync();

        RaftNodeOptions options = host.Services.GetRequiredService<IOptions<RaftNodeOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(3), options.RequestTimeout);
        Assert.Equal(1024, options.MaxRequestBodySize);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ShutdownTimeout);
        Assert.Equal("127.0.0.1", options.BindAddress);
        await host.StopAsync();
    }

    [Fact]
    public async Task Peer_rules_are_read_from_configuration()
    {
        using var pki = new Testing.TestCertificates();
        Dictionary<string, string?> settings = pki.Settings(pki.NodeA);
        settings["RaftSdk:Tls:AllowedCommonNames:0"] = "node-a";
        settings["RaftSdk:Tls:AllowedCommonNames:1"] = "node-b";
        settings["RaftSdk:Tls:AllowedHostNames"] = "node-c.peers.example, 10.0.0.7";
        settings["RaftSdk:Tls:VerifyServerHostName"] = "true";
        settings["RaftSdk:Tls:ReloadDelay"] = "00:00:02";
        HostApplicationBuilder builder = TestHosts.Generic(settings);
        builder.Services.AddRaftSdk(builder.Configuration);
        using IHost host = builder.Build();
        await host.StartAsync();

        RaftNodeOptions options = host.Services.GetRequiredService<IOptions<RaftNodeOptions>>().Value;
        Tls.RaftTlsCredentials tls = host.Services.GetRequiredService<RaftNodeCredentials>().Tls!;

        Assert.Equal(["node-a", "node-b"], options.Tls.AllowedCommonNames);
        Assert.Equal(["node-c.peers.example", "10.0.0.7"], tls.Policy.AllowedHostNames);
        Assert.True(tls.Policy.VerifyServerHostName);
        Assert.True(options.Tls.WatchFiles);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Tls.ReloadDelay);
        await host.StopAsync();
    }

    [Fact]
    public async Task Bad_peer_rules_fail_the_start_naming_the_key()
    {
        string message = await StartFailsAsync(TestHosts.Settings(
            ("RaftSdk:Tls:AllowedHostNames:0", "*.peers.example"),
            ("RaftSdk:Tls:AllowedCommonNames:0", ""),
            ("RaftSdk:Tls:VerifyServerHostName", "yes"),
            ("RaftSdk:Tls:ReloadDelay", "00:00:00")));

        Assert.Contains("RaftSdk:Tls:VerifyServerHostName: 'yes' is not true or false.", message);
        Assert.Contains("RaftSdk:Tls: AllowedCommonNames, AllowedHostNames and VerifyServerHostName apply to mutual TLS, but KeyFile, CertificateFile and CaFile are not set.", message);
        Assert.Contains("RaftSdk:Tls:AllowedHostNames: '*.peers.example' is not a DNS name or IP address (a peer's certificate must be valid for it; wildcards belong in certificates, not here).", message);
        Assert.Contains("RaftSdk:Tls:AllowedCommonNames: entry 0 is empty (an empty name would match no certificate).", message);
        Assert.Contains("RaftSdk:Tls:ReloadDelay: 00:00:00 must be positive.", message);
    }

    private static async Task<string> StartFailsAsync(Dictionary<string, string?> settings)
    {
        HostApplicationBuilder builder = TestHosts.Generic(settings);
        builder.Services.AddSingleton<IGreeter>(new Greeter());
        builder.Services.AddRaftSdk(builder.Configuration).AddListener<IGreeter>(GreeterDispatcher.Routes, GreeterDispatcher.ContentType);
        using IHost host = builder.Build();
        OptionsValidationException failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.False(host.Services.GetRequiredService<RaftListenerService>().IsListening);
        return failure.Message;
    }
}
