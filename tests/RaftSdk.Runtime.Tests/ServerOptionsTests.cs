using System;
using RaftSdk.Runtime.Tests.Contract;
using RaftSdk.Server;
using Xunit;

namespace RaftSdk.Runtime.Tests;

public sealed class ServerOptionsTests
{
    [Fact]
    public void The_default_budget_holds_one_body_of_the_largest_size()
    {
        var options = new RaftServerOptions { ContentType = "a/b" };

        // 32 MiB body + 32 MiB of possible UTF-16 + 4,194,304 fields x 40 bytes.
        Assert.Equal((2L * 32 * 1024 * 1024) + (4L * 1024 * 1024 * 40), options.ChargeOfLargestBody);
        Assert.Equal(224L * 1024 * 1024, options.EffectiveMaxRequestBytesInFlight);
        Assert.Equal(options.ChargeOfLargestBody, options.EffectiveMaxRequestBytesInFlight);
    }

    [Fact]
    public void Larger_limits_raise_the_default_budget()
    {
        var options = new RaftServerOptions { ContentType = "a/b", MaxRequestBodySize = 64 * 1024 * 1024 };

        Assert.Equal(options.ChargeOfLargestBody, options.EffectiveMaxRequestBytesInFlight);
        _ = new RaftEndpoint<ITestContract>(TestServer.Routes, options, () => null);
    }

    [Fact]
    public void A_budget_too_small_for_the_largest_body_is_refused_at_once()
    {
        var options = new RaftServerOptions { ContentType = "a/b", MaxRequestBytesInFlight = 32 * 1024 * 1024 };

        ArgumentException error = Assert.Throws<ArgumentException>(() => new RaftEndpoint<ITestContract>(TestServer.Routes, options, () => null));

        Assert.StartsWith("MaxRequestBytesInFlight (33554432) must be at least what a body of MaxRequestBodySize is charged (234881024:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void An_empty_not_set_text_is_refused_at_once(string? text)
    {
        var options = new RaftServerOptions { ContentType = "a/b", ServiceNotSetMessage = text! };

        ArgumentException error = Assert.ThrowsAny<ArgumentException>(() => new RaftEndpoint<ITestContract>(TestServer.Routes, options, () => null));

        Assert.Equal("options.ServiceNotSetMessage", error.ParamName);
    }
}
