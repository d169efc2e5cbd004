using Microsoft.Extensions.DependencyInjection;

namespace RaftSdk.Hosting;

/// <summary>What <see cref="RaftSdkServiceCollectionExtensions.AddRaftSdk(IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration)"/> returns: add clients and listener contracts to it.</summary>
public interface IRaftSdkBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}

internal sealed class RaftSdkBuilder(IServiceCollection services) : IRaftSdkBuilder
{
    public IServiceCollection Services { get; } = services;
}
