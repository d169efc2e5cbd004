using RaftSdk.Analyzers.Shared;
using Xunit;

namespace RaftSdk.Analyzers.Tests.Common;

/// <summary>The address parser shared by RAFT103 and its fix.</summary>
public class PeerAddressTests
{
    [Theory]
    [InlineData("node1:9000")]
    [InlineData("127.0.0.1:1")]
    [InlineData("[::1]:65535")]
    [InlineData("localhost:8080")]
    public void Valid(string text)
    {
        Assert.True(PeerAddress.Parse(text).IsValid);
    }

    [Theory]
    [InlineData("http://node1:9000", "node1:9000", "carries a scheme ('http://')")]
    [InlineData("node1:9000/raft", "node1:9000", "carries a path ('/raft')")]
    [InlineData("node1:9000?x=1", "node1:9000", "carries a path ('?x=1')")]
    [InlineData("https://[::1]:9000/", "[::1]:9000", "carries a scheme ('https://') and carries a path ('/')")]
    [InlineData("node1", "node1", "has no port")]
    [InlineData("node1:0", "node1:0", "has port 0, outside 1-65535")]
    [InlineData("node1:65536", "node1:65536", "has port 65536, outside 1-65535")]
    [InlineData("node1:+80", "node1:+80", "has no port")]
    [InlineData(":9000", ":9000", "has no port")]
    [InlineData("::1", "::1", "has no port")]
    [InlineData("", "", "has no port")]
    public void Invalid(string text, string stripped, string problems)
    {
        PeerAddress address = PeerAddress.Parse(text);
        Assert.False(address.IsValid);
        Assert.Equal(stripped, address.Stripped);
        Assert.Equal(problems, address.DescribeProblems());
    }
}
