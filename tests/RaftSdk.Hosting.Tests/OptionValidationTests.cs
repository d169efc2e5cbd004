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

        Assert.Equal("RaftSdk:Port: 70000 is not a TCP port (0-65535, where 0 takes any free port)", message);
    }

    [Fact]
    public async Task A_port_that_is_no_number_fails_the_start()
    {
        string message = await StartFailsAsync(TestHosts.Settings(("RaftSdk:Port", "nine thousand")));

        Assert.Equal("RaftSdk:Port: 'nine thousand' is not a whole number", message);
    }

    [Fact]
    public async Task A_misspelt_key_and_a_bad_address_fail_the_start_together()
    {
        string message = await StartFailsAsync(TestHosts.Settings(("RaftSdk:Prot", "9000"), ("RaftSdk:BindAddress", "my-host")));

        Assert.StartsWith("RaftSdk:Prot: not a RaftSdk setting (known: ", message);
        Assert.EndsWith("); RaftSdk:BindAddress: 'my-host' is not an IP address (for example 0.0.0.0, 127.0.0.1 or ::)", message);
        Assert.DoesNotContain(".;", message);
    }

    [Fact]
    public async Task A_missing_key_file_fails_the_start_with_the_option_and_the_path()
    {
        using var pki = new Testing.TestCertificates();
        Dictionary<string, string?> settings = pki.Settings(pki.NodeA);
        string missing = Path.Combine(pki.Directory, "no-such.key");
        settings["RaftSdk:Tls:KeyFile"] = missing;

        string message = await StartFailsAsync(settings);

        Assert.Equal($"RaftSdk:Tls:KeyFile ({missing}) does not exist", message);
    }

    [Fact]
    public async Task A_missing_key_file_given_relative_also_names_the_full_path()
    {
        using var pki = new Testing.TestCertificates();
        Dictionary<string, string?> settings = pki.Settings(pki.NodeA);
        settings["RaftSdk:Tls:KeyFile"] = "no-such-raftsdk.key";

        string message = await StartFailsAsync(settings);

        Assert.Equal($"RaftSdk:Tls:KeyFile (no-such-raftsdk.key) does not exist (full path {Path.GetFullPath("no-such-raftsdk.key")})", message);
    }

    [Fact]
    public async Task A_certificate_given_as_the_key_names_the_setting_the_file_and_the_problem()
    {
        using var pki = new Testing.TestCertificates();
        Dictionary<string, string?> settings = pki.Settings(pki.NodeA);
        settings["RaftSdk:Tls:KeyFile"] = pki.NodeA.CertificateFile;

        string message = await StartFailsAsync(settings);

        Assert.Equal($"RaftSdk:Tls:KeyFile ({pki.NodeA.CertificateFile}) holds a certificate, not a private key", message);
    }

    [Fact]
    public async Task A_key_given_as_the_certificate_or_the_CA_names_that_setting()
    {
        using var pki = new Testing.TestCertificates();
        Dictionary<string, string?> settings = pki.Settings(pki.NodeA);
        settings["RaftSdk:Tls:CertificateFile"] = pki.NodeA.KeyFile;
        Assert.Equal($"RaftSdk:Tls:CertificateFile ({pki.NodeA.KeyFile}) holds a private key, not a certificate", await StartFailsAsync(settings));

        settings = pki.Settings(pki.NodeA);
        settings["RaftSdk:Tls:CaFile"] = pki.NodeA.KeyFile;
        Assert.Equal($"RaftSdk:Tls:CaFile ({pki.NodeA.KeyFile}) holds a private key, not a certificate", await StartFailsAsync(settings));
    }

    [Fact]
    public async Task A_key_of_another_node_names_both_settings()
    {
        using var pki = new Testing.TestCertificates();
        Dictionary<string, string?> settings = pki.Settings(pki.NodeA);
        settings["RaftSdk:Tls:KeyFile"] = pki.NodeB.KeyFile;

        string message = await StartFailsAsync(settings);

        Assert.Equal($"RaftSdk:Tls:KeyFile ({pki.NodeB.KeyFile}) is not the private key of RaftSdk:Tls:CertificateFile ({pki.NodeA.CertificateFile})", message);
    }

    /// <summary>The files are checked at start; one that breaks afterwards fails the first use of the credentials with the same naming.</summary>
    [Fact]
    public void Credentials_loaded_after_the_start_name_the_setting_too()
    {
        using var pki = new Testing.TestCertificates();
        var options = new RaftNodeOptions();
        options.Tls.KeyFile = pki.NodeA.CertificateFile;
        options.Tls.CertificateFile = pki.NodeA.CertificateFile;
        options.Tls.CaFile = pki.NodeA.CaFile;
        using var credentials = new RaftNodeCredentials(Options.Create(options));

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => credentials.Tls);

        Assert.Equal($"RaftSdk:Tls:KeyFile ({pki.NodeA.CertificateFile}) holds a certificate, not a private key.", error.Message);
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

        Assert.Equal($"RaftSdk:Tls:CaFile ({garbage}) holds no parsable PEM certificate", message);
    }

    [Fact]
    public async Task Half_a_TLS_configuration_fails_the_start()
    {
        using var pki = new Testing.TestCertificates();
        Dictionary<string, string?> settings = pki.Settings(pki.NodeA);
        settings.Remove("RaftSdk:Tls:CaFile");

        string message = await StartFailsAsync(settings);

        Assert.Equal("RaftSdk:Tls:CaFile is not set but RaftSdk:Tls:KeyFile and RaftSdk:Tls:CertificateFile are: the three TLS files are set together or not at all", message);
    }

    /// <summary>Only the key file set, with a bad port too: one failure for the TLS section, joined to the other without doubled punctuation.</summary>
    [Fact]
    public async Task Only_the_key_file_set_gives_one_failure_joined_cleanly_to_the_others()
    {
        using var pki = new Testing.TestCertificates();
        Dictionary<string, string?> settings = TestHosts.Settings(("RaftSdk:Port", "70000"), ("RaftSdk:Tls:KeyFile", pki.NodeA.KeyFile));

        string message = await StartFailsAsync(settings);

        Assert.Equal(
            "RaftSdk:Port: 70000 is not a TCP port (0-65535, where 0 takes any free port); "
            + "RaftSdk:Tls:CertificateFile and RaftSdk:Tls:CaFile are not set but RaftSdk:Tls:KeyFile is: the three TLS files are set together or not at all",
            message);
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

        Assert.Contains("RaftSdk:Tls:VerifyServerHostName: 'yes' is not true or false; ", message);
        Assert.Contains("RaftSdk:Tls: AllowedCommonNames, AllowedHostNames and VerifyServerHostName apply to mutual TLS, but KeyFile, CertificateFile and CaFile are not set; ", message);
        Assert.Contains("RaftSdk:Tls:AllowedHostNames: '*.peers.example' is not a DNS name or IP address (a peer's certificate must be valid for it, and wildcards belong in certificates, not here); ", message);
        Assert.Contains("RaftSdk:Tls:AllowedCommonNames: entry 0 is empty (an empty name would match no certificate); ", message);
        Assert.Contains("RaftSdk:Tls:ReloadDelay: 00:00:00 must be positive", message);
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
