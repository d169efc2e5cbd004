using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using RaftSdk.Diagnostics;
using RaftSdk.Hosting;
using RaftSdk.Hosting.Tests.Contract;
using RaftSdk.Server;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Hosting.Tests;

/// <summary>The instruments of the RaftSdk meter, recorded by a real call over Kestrel.</summary>
[Collection(DiagnosticsCollection.Name)]
public sealed class MetricsTests
{
    [Fact]
    public async Task A_call_records_duration_sizes_and_active_calls_on_both_sides()
    {
        using var clientDuration = new MetricCollector<double>(null, RaftDiagnostics.Name, RaftDiagnostics.ClientCallDuration);
        using var serverDuration = new MetricCollector<double>(null, RaftDiagnostics.Name, RaftDiagnostics.ServerCallDuration);
        using var clientRequestSize = new MetricCollector<long>(null, RaftDiagnostics.Name, RaftDiagnostics.ClientRequestSize);
        using var clientResponseSize = new MetricCollector<long>(null, RaftDiagnostics.Name, RaftDiagnostics.ClientResponseSize);
        using var serverRequestSize = new MetricCollector<long>(null, RaftDiagnostics.Name, RaftDiagnostics.ServerRequestSize);
        using var serverResponseSize = new MetricCollector<long>(null, RaftDiagnostics.Name, RaftDiagnostics.ServerResponseSize);
        using var clientActive = new MetricCollector<long>(null, RaftDiagnostics.Name, RaftDiagnostics.ClientActiveCalls);
        using var serverActive = new MetricCollector<long>(null, RaftDiagnostics.Name, RaftDiagnostics.ServerActiveCalls);
        var greeter = new Greeter();
        var endpoint = new RaftEndpoint<IGreeter>(GreeterDispatcher.Routes, new RaftServerOptions { ContentType = GreeterDispatcher.ContentType }, () => greeter);
        await using RaftListener server = await RaftListener.StartAsync(endpoint.HandleAsync, new RaftListenerOptions { BindAddress = IPAddress.Loopback });
        using var core = new RaftClientCore(new RaftClientOptions { ContentType = GreeterClient.ContentType });
        var request = new HelloRequest("metrics", 1);
        var requestBytes = request.ToProto().CalculateSize();

        HelloReply reply = await new GreeterClient(core).HelloAsync("127.0.0.1:" + server.Port, request);
        int replyBytes = reply.ToProto().CalculateSize();

        var client = Assert.Single(clientDuration.GetMeasurementSnapshot());
        Assert.InRange(client.Value, 0, 30);
        Assert.Equal("raftsdk", client.Tags["rpc.system"]);
        Assert.Equal("/greeter/v1/hello", client.Tags["rpc.method"]);
        Assert.Equal("POST", client.Tags["http.request.method"]);
        Assert.Equal("127.0.0.1", client.Tags["server.address"]);
        Assert.Equal(server.Port, client.Tags["server.port"]);
        Assert.Equal(200, client.Tags["http.response.status_code"]);
        Assert.False(client.Tags.ContainsKey("error.type"));
        var serverCall = Assert.Single(serverDuration.GetMeasurementSnapshot());
        Assert.Equal(typeof(IGreeter).FullName, serverCall.Tags["rpc.service"]);
        Assert.Equal(200, serverCall.Tags["http.response.status_code"]);
        Assert.Equal(requestBytes, Assert.Single(clientRequestSize.GetMeasurementSnapshot()).Value);
        Assert.Equal(requestBytes, Assert.Single(serverRequestSize.GetMeasurementSnapshot()).Value);
        Assert.Equal(replyBytes, Assert.Single(clientResponseSize.GetMeasurementSnapshot()).Value);
        Assert.Equal(replyBytes, Assert.Single(serverResponseSize.GetMeasurementSnapshot()).Value);
        Assert.Equal([1L, -1L], clientActive.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Equal([1L, -1L], serverActive.GetMeasurementSnapshot().Select(m => m.Value));
    }

    [Fact]
    public async Task Failures_are_counted_by_kind_and_status()
    {
        using var clientFailures = new MetricCollector<long>(null, RaftDiagnostics.Name, RaftDiagnostics.ClientFailures);
        using var serverFailures = new MetricCollector<long>(null, RaftDiagnostics.Name, RaftDiagnostics.ServerFailures);
        var endpoint = new RaftEndpoint<IGreeter>(GreeterDispatcher.Routes, new RaftServerOptions { ContentType = GreeterDispatcher.ContentType }, () => new Greeter());
        await using RaftListener server = await RaftListener.StartAsync(endpoint.HandleAsync, new RaftListenerOptions { BindAddress = IPAddress.Loopback });
        using var core = new RaftClientCore(new RaftClientOptions { ContentType = GreeterClient.ContentType });
        var client = new GreeterClient(core);
        int closedPort = TracingTests.ClosedPort();

        await Assert.ThrowsAsync<RaftStatusException>(() => client.HelloAsync("127.0.0.1:" + server.Port, new HelloRequest("", 1)));
        await Assert.ThrowsAsync<RaftConnectionException>(() => client.HelloAsync("127.0.0.1:" + closedPort, new HelloRequest("x", 1)));

        IReadOnlyList<CollectedMeasurement<long>> failures = clientFailures.GetMeasurementSnapshot();
        Assert.Equal(2, failures.Count);
        Assert.Equal("status", failures[0].Tags["error.type"]);
        Assert.Equal(400, failures[0].Tags["http.response.status_code"]);
        Assert.Equal("connection_refused", failures[1].Tags["error.type"]);
        Assert.Equal(closedPort, failures[1].Tags["server.port"]);
        var refused = Assert.Single(serverFailures.GetMeasurementSnapshot());
        Assert.Equal("400", refused.Tags["error.type"]);
    }
}
