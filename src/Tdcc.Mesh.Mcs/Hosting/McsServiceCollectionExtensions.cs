using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Dns;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Runtime.Hosting;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Mcs.Hosting;

/// <summary>Runs the MCS hub or member agents as hosted services of an application.</summary>
public static class McsServiceCollectionExtensions
{
    /// <summary>Adds the hub aggregation against <paramref name="hub"/>; <see cref="IMcsHub"/> resolves to it.</summary>
    public static IServiceCollection AddMcsHub(this IServiceCollection services, McsHubOptions options, IKubeClient hub)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(provider => McsHub.Create(options, hub, provider.GetService<ILoggerFactory>(), provider.GetService<TimeProvider>()));
        services.AddSingleton<IHostedService>(provider => new McsHostedService(
            provider.GetRequiredService<IMcsHub>().StartAsync, provider.GetRequiredService<IMcsHub>().StopAsync));
        return services;
    }

    /// <summary>
    /// Adds the hub aggregation's informers and controller to a process's own container (one manager per process): they
    /// read <paramref name="hub"/> (the container's own client of the hub; the container does not dispose it), and the
    /// hub's ServiceImport informer is shared with every
    /// other controller that registers one with the same options (the imports namespace). Run
    /// <see cref="McsHub.PrepareAsync"/> before the host starts.
    /// </summary>
    public static IServiceCollection AddMcsHubControllers(this IServiceCollection services, McsHubOptions options, IKubeClient hub)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hub);
        services.AddKeyedSingleton(McsClients.Hub, hub);
        McsHub.AddControllers(services, options);
        services.AddKubeInformerAlias<ServiceImport>(McsClients.Hub);
        return services;
    }

    /// <summary>
    /// Adds one member agent (call once per member; several agents may share an application). The agent is owned by
    /// the hosted service; pass <paramref name="dns"/> to keep a clusterset DNS server's zone updated.
    /// </summary>
    public static IServiceCollection AddMcsAgent(
        this IServiceCollection services,
        McsAgentOptions options,
        IKubeClient member,
        IKubeClient hub,
        IClusterSetDnsServer? dns = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton<IHostedService>(provider =>
        {
            var agent = McsAgent.Create(options, member, hub, dns, provider.GetService<ILoggerFactory>(), provider.GetService<TimeProvider>());
            return new McsHostedService(agent.StartAsync, agent.StopAsync, agent);
        });
        return services;
    }

    private sealed class McsHostedService(
        Func<CancellationToken, Task> start,
        Func<CancellationToken, Task> stop,
        IAsyncDisposable? owned = null) : IHostedService, IAsyncDisposable
    {
        public Task StartAsync(CancellationToken cancellationToken) => start(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => stop(cancellationToken);

        public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
