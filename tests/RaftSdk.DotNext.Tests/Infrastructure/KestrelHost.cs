using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RaftSdk.DotNext.Contract;
using RaftSdk.DotNext.Hosting;
using RaftSdk.Hosting;
using RaftSdk.Tls;

namespace RaftSdk.DotNext.Tests.Infrastructure;

/// <summary>A node's host as an app builds it: the RaftSdk listener on 127.0.0.1, any free port, optionally mutual TLS.</summary>
internal sealed class KestrelHost : IAsyncDisposable
{
    private KestrelHost(IHost host) => Host = host;

    public IHost Host { get; }

    public int Port => Host.Services.GetRequiredService<RaftListenerService>().Port;

    public string? Scheme => Host.Services.GetRequiredService<RaftListenerService>().Scheme;

    public string Address => $"127.0.0.1:{Port}";

    public DotNextRaftClient Client => Host.Services.GetRequiredService<DotNextRaftClient>();

    public DotNextClusterHost Members => Host.Services.GetRequiredService<DotNextClusterHost>();

    public static async Task<KestrelHost> StartAsync(NodeCertificateFiles? tls)
    {
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var settings = new Dictionary<string, string?>
        {
            ["RaftSdk:Port"] = "0",
            ["RaftSdk:BindAddress"] = "127.0.0.1",
            ["RaftSdk:RequestTimeout"] = "00:00:02",
        };
        if (tls is not null)
        {
            settings["RaftSdk:Tls:KeyFile"] = tls.KeyFile;
            settings["RaftSdk:Tls:CertificateFile"] = tls.CertificateFile;
            settings["RaftSdk:Tls:CaFile"] = tls.CaFile;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddRaftSdk(builder.Configuration).AddDotNextCluster();
        IHost host = builder.Build();
        await host.StartAsync();
        return new KestrelHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
