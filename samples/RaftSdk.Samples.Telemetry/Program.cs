using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RaftSdk;
using RaftSdk.ChangeAgent;
using RaftSdk.Diagnostics;
using RaftSdk.Hosting;
using RaftSdk.Samples.Telemetry;

// A changeagent node from configuration (appsettings.json, section RaftSdk), its health check
// on the app, and OpenTelemetry printing RaftSdk's spans and metrics to the console and serving
// the metrics to Prometheus on the app's /metrics.
WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Services.AddRaftSdk(builder.Configuration).AddChangeAgent();
builder.Services.AddHealthChecks().AddRaftSdk();
builder.Services.AddOpenTelemetry()
    .ConfigureResource(resource => resource.AddService("raftsdk-telemetry-sample"))
    .WithTracing(tracing => tracing.AddSource(RaftDiagnostics.Name).AddConsoleExporter())
    .WithMetrics(metrics => metrics.AddMeter(RaftDiagnostics.Name).AddConsoleExporter().AddPrometheusExporter());

WebApplication app = builder.Build();
app.MapHealthChecks("/healthz");
app.MapPrometheusScrapingEndpoint();   // GET /metrics, Prometheus text format
await app.StartAsync();

ICommunication node = app.Services.GetRequiredService<ICommunication>();
node.SetRaft(new SampleRaft(new NodeId(1)));
string self = "127.0.0.1:" + node.Port;
Console.WriteLine($"node listening on {self}; health on {app.Urls.First()}/healthz; metrics on {app.Urls.First()}/metrics");

// A few calls to itself, one of them failing (nothing listens on port 1), so the exporters have
// client and server spans, durations, sizes and a failure to show.
NodeId id = await node.DiscoverAsync(self);
for (ulong term = 1; term <= 3; term++)
{
    await node.AppendAsync(self, new AppendRequest { Term = term, LeaderId = id });
}

try
{
    await node.DiscoverAsync("127.0.0.1:1");
}
catch (RaftConnectionException e)
{
    Console.WriteLine($"expected failure: {e.Failure}");
}

if (args.Contains("--serve"))
{
    // --load: keep calling itself until shutdown, so a scraper sees the metrics move.
    Task load = args.Contains("--load") ? SelfLoad.RunAsync(node, self, app.Lifetime.ApplicationStopping) : Task.CompletedTask;
    await app.WaitForShutdownAsync();
    await load;
}
else
{
    await app.StopAsync();
}

// Disposing the app flushes the metric exporter, which prints the instruments.
await app.DisposeAsync();
