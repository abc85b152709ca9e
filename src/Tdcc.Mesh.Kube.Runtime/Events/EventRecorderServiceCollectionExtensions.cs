using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Runtime.Diagnostics;

namespace Tdcc.Mesh.Kube.Runtime.Events;

/// <summary>Registers the event recorder; an <see cref="IKubeClient"/> must be registered by the caller.</summary>
public static class EventRecorderServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEventRecorder"/> (a singleton whose background writer starts on first use) reporting
    /// as <paramref name="component"/>. The container's disposal writes what is still queued.
    /// </summary>
    public static IServiceCollection AddKubeEventRecorder(this IServiceCollection services, string component, Action<EventRecorderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(component);
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
            new EventInstruments(provider.GetRequiredService<IMeterFactory>().Create(RuntimeInstruments.MeterName)));
        services.TryAddSingleton<IEventRecorder>(provider =>
        {
            var options = new EventRecorderOptions { Component = component };
            configure?.Invoke(options);
            var recorder = new EventRecorder(
                provider.GetRequiredService<IKubeClient>(),
                options,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<EventInstruments>(),
                provider.GetRequiredService<ILogger<EventRecorder>>());
            recorder.Start();
            return recorder;
        });
        return services;
    }

    /// <summary>
    /// Registers an <see cref="EventRecorderSet"/> (one recorder per component and source host, created on first use);
    /// an <see cref="IKubeClient"/> must be registered by the caller. The container's disposal writes what is still queued.
    /// </summary>
    public static IServiceCollection AddKubeEventRecorderSet(this IServiceCollection services, Action<EventRecorderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
            new EventInstruments(provider.GetRequiredService<IMeterFactory>().Create(RuntimeInstruments.MeterName)));
        services.TryAddSingleton(provider => new EventRecorderSet(
            provider.GetRequiredService<IKubeClient>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<EventInstruments>(),
            provider.GetRequiredService<ILoggerFactory>(),
            configure));
        return services;
    }
}
