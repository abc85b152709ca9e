using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Runtime.Diagnostics;

namespace Tdcc.Mesh.Kube.Runtime.LeaderElection;

/// <summary>Registers Lease-based leader election; an <see cref="IKubeClient"/> must be registered by the caller.</summary>
public static class LeaderElectionServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ILeaderElector"/>. The controller host (from <c>AddKubeController</c>) then runs the
    /// election, keeps informers running always and runs controller workers only while leading.
    /// </summary>
    public static IServiceCollection AddKubeLeaderElection(this IServiceCollection services, Action<LeaderElectionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new LeaderElectionOptions();
        configure(options);
        return services.AddKubeLeaderElection(options);
    }

    /// <summary>Registers <see cref="ILeaderElector"/> with <paramref name="options"/> (see the other overload).</summary>
    public static IServiceCollection AddKubeLeaderElection(this IServiceCollection services, LeaderElectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
            new LeaderElectionInstruments(provider.GetRequiredService<IMeterFactory>().Create(RuntimeInstruments.MeterName)));
        services.TryAddSingleton<ILeaderElector>(provider => new LeaderElector(
            provider.GetRequiredService<IKubeClient>(),
            options,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<LeaderElectionInstruments>(),
            provider.GetRequiredService<ILogger<LeaderElector>>()));
        return services;
    }
}
