using System;
using RaftSdk.Transport;
using Xunit;

namespace RaftSdk.Runtime.Tests;

public sealed class ExceptionTests
{
    [Fact]
    public void StatusMessageReadsLikeTheGoClient()
    {
        var error = new RaftStatusException(415, null, "POST", "127.0.0.1:1234", "/raft/append", null);

        Assert.Equal("HTTP status 415 Unsupported Media Type from POST /raft/append on 127.0.0.1:1234", error.Message);
        Assert.Equal(415, error.StatusCode);
        Assert.Equal("127.0.0.1:1234", error.Address);
        Assert.Equal("/raft/append", error.Path);
        Assert.Null(error.RemoteError);
    }

    [Fact]
    public void StatusMessageCarriesTheRemoteErrorAndAnyReasonPhrase()
    {
        var withError = new RaftStatusException(500, "Internal Server Error", "POST", "n1:9000", "/raft/propose", "not the leader");
        var unknown = new RaftStatusException(599, null, "GET", "n1:9000", "/raft/id", null);

        Assert.Equal("HTTP status 500 Internal Server Error from POST /raft/propose on n1:9000: not the leader", withError.Message);
        Assert.Equal("HTTP status 599 from GET /raft/id on n1:9000", unknown.Message);
        Assert.IsAssignableFrom<RaftTransportException>(withError);
    }

    [Fact]
    public void TimeoutNamesTheTimeout()
    {
        var error = new RaftTimeoutException(TimeSpan.FromSeconds(10), "n1:9000", "/raft/append");

        Assert.Equal("The call to /raft/append on n1:9000 did not complete within the timeout of 10000 ms", error.Message);
    }

    [Fact]
    public void ConnectionFailureSaysWhichAndKeepsTheInnerException()
    {
        var inner = new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused);
        var error = new RaftConnectionException(RaftConnectionFailure.ConnectionRefused, "n1:9000", "/raft/id", inner);

        Assert.StartsWith("Cannot call /raft/id on n1:9000: connection refused", error.Message, StringComparison.Ordinal);
        Assert.Same(inner, error.InnerException);
    }

    [Fact]
    public void RouteCachesItsMethodAndChecksThePath()
    {
        var get = new RaftClientRoute("GET", "/raft/id");

        Assert.Equal("GET", get.Method);
        Assert.Equal("/raft/id", get.Path);
        Assert.Same(System.Net.Http.HttpMethod.Get, get.HttpMethod);
        Assert.Throws<ArgumentException>(() => new RaftClientRoute("POST", "raft/id"));
        Assert.Throws<ArgumentException>(() => new RaftClientRoute("", "/raft/id"));
    }

    [Fact]
    public void ClientOptionsDefaultsMatchTheOriginal()
    {
        var options = new RaftClientOptions { ContentType = "application/changeagent+protobuf" };

        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
        Assert.Equal(16 * 1024 * 1024, options.MaxResponseBodySize);
        Assert.Null(options.Tls);
        Assert.True(options.CheckResponseContentType);

        // The Go original has no body limit; a leader's catch-up of 9 MiB must get through (docs/reliability.md).
        Assert.Equal(32 * 1024 * 1024, new RaftSdk.Server.RaftServerOptions { ContentType = "x/y" }.MaxRequestBodySize);
    }

    [Fact]
    public void ClientRejectsBadOptions()
    {
        Assert.Throws<ArgumentException>(() => new RaftClientCore(new RaftClientOptions { ContentType = "" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RaftClientCore(new RaftClientOptions { ContentType = "a/b", Timeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RaftClientCore(new RaftClientOptions { ContentType = "a/b", MaxResponseBodySize = 0 }));
    }
}
