using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace RaftSdk.Hosting.Tests.Infrastructure;

/// <summary>Hosts as an app builds them, on 127.0.0.1, with their configuration in memory and their logs collected.</summary>
internal static class TestHosts
{
    public static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false });

    /// <summary>A generic host (no web app): the separate listener is its only server.</summary>
    public static HostApplicationBuilder Generic(IDictionary<string, string?> settings, FakeLoggerProvider? logs = null)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(WithLoopback(settings));
        builder.Services.AddLogging(logging => AddLogs(logging, logs));
        return builder;
    }

    /// <summary>A web app on 127.0.0.1, any free port; routes and health checks mapped onto it.</summary>
    public static WebApplicationBuilder Web(IDictionary<string, string?> settings, FakeLoggerProvider? logs = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRoutingCore();
        builder.Configuration.AddInMemoryCollection(WithLoopback(settings));
        builder.Services.AddLogging(logging => AddLogs(logging, logs));
        return builder;
    }

    public static int AppPort(WebApplication app)
    {
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address).Port;
    }

    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] values) =>
        values.ToDictionary(v => v.Key, v => v.Value);

    private static IEnumerable<KeyValuePair<string, string?>> WithLoopback(IDictionary<string, string?> settings) =>
        settings.ContainsKey("RaftSdk:BindAddress") ? settings : settings.Append(new("RaftSdk:BindAddress", "127.0.0.1"));

    private static void AddLogs(ILoggingBuilder logging, FakeLoggerProvider? logs)
    {
        logging.SetMinimumLevel(LogLevel.Debug);
        if (logs is not null)
        {
            logging.AddProvider(logs);
        }
    }
}
