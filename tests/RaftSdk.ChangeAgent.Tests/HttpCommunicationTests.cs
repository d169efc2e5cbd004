using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RaftSdk.ChangeAgent.Tests.Infrastructure;
using RaftSdk.Testing;
using Xunit;

namespace RaftSdk.ChangeAgent.Tests;

/// <summary>StartHttpCommunication: the routes mapped onto an application the user already runs.</summary>
public sealed class HttpCommunicationTests
{
    [Fact]
    public async Task Routes_mapped_onto_an_existing_app_serve_peers()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using WebApplication app = builder.Build();
        app.MapGet("/health", () => "ok");
        ICommunication mapped = RaftCommunication.StartHttpCommunication(app);
        mapped.SetRaft(new OriginalTestRaft(7));
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("http://", string.Empty);

        Assert.Equal(0, mapped.Port);
        await using ICommunication client = await Nodes.StartAsync(new OriginalTestRaft(1));
        Assert.Equal(new NodeId(7), await client.DiscoverAsync(address));
        Assert.True((await client.AppendAsync(address, new AppendRequest { Term = 1 })).Success);

        await app.StopAsync();
        mapped.Dispose();
    }
}
