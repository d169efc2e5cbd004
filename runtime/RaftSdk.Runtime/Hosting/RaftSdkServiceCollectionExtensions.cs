using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RaftSdk.Hosting;

/// <summary>Registers RaftSdk with the .NET host: <c>builder.Services.AddRaftSdk(builder.Configuration)</c>.</summary>
public static class RaftSdkServiceCollectionExtensions
{
    /// <summary>
    /// Registers the node options bound from configuration and validated when the host starts,
    /// the shared TLS credentials, the client cores and the separate listener (which starts only
    /// when a contract is added to it).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The app configuration (its <c>RaftSdk</c> section is read) or the section itself.</param>
    /// <returns>A builder to add clients and contracts to.</returns>
    public static IRaftSdkBuilder AddRaftSdk(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IConfiguration section = configuration is IConfigurationSection { Key: not null } s && s.Path.Length > 0
            ? s
            : configuration.GetSection(RaftNodeOptions.SectionName);
        IRaftSdkBuilder builder = services.AddRaftSdk();
        services.AddOptions<RaftNodeOptions>().Configure<IEnumerable<RaftSdkSettingsSection>>((options, owned) => RaftNodeOptionsBinder.Bind(section, options, owned));
        return builder;
    }

    /// <summary>Like <see cref="AddRaftSdk(IServiceCollection, IConfiguration)"/>, with the options set in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; null keeps the defaults.</param>
    /// <returns>A builder to add clients and contracts to.</returns>
    public static IRaftSdkBuilder AddRaftSdk(this IServiceCollection services, Action<RaftNodeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<RaftNodeOptions> options = services.AddOptions<RaftNodeOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RaftNodeOptions>, RaftNodeOptionsValidator>());
        if (!services.Any(d => d.ServiceType == typeof(RaftListenerService)))
        {
            services.AddSingleton<RaftNodeCredentials>();
            services.AddSingleton<RaftClientCores>();
            services.AddSingleton<RaftMappedContracts>();
            services.AddSingleton(sp => new RaftListenerService(
                sp,
                sp.GetServices<RaftListenerContract>(),
                sp.GetRequiredService<IOptions<RaftNodeOptions>>(),
                sp.GetRequiredService<RaftNodeCredentials>(),
                sp.GetService<ILoggerFactory>()));
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RaftListenerService>());
        }

        return new RaftSdkBuilder(services);
    }
}
