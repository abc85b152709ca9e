using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Diagnostics;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Kube.Runtime.Hosting;

/// <summary>Registers informers and controllers; an <see cref="IKubeClient"/> must be registered by the caller.</summary>
public static class KubeRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Registers a controller named <paramref name="name"/> whose reconciler is <typeparamref name="TReconciler"/>
    /// (a singleton), and the hosted service that runs every controller.
    /// </summary>
    public static IControllerBuilder AddKubeController<TReconciler>(this IServiceCollection services, string name)
        where TReconciler : class, IReconciler
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        AddKubeRuntime(services);
        services.TryAddSingleton<TReconciler>();
        var registration = new ControllerRegistration(name, typeof(TReconciler));
        registration.Options.Queue.Name = name;
        services.AddSingleton(registration);
        return new ControllerBuilder(services, registration);
    }

    /// <summary>
    /// Registers the shared informer of <typeparamref name="T"/> once (later calls keep the first options), with its
    /// store as <see cref="IInformerStore{T}"/> for reconcilers to read.
    /// </summary>
    public static IServiceCollection AddKubeInformer<T>(this IServiceCollection services, Action<InformerOptions<T>>? configure = null)
        where T : class, IKubeObject<T>
    {
        ArgumentNullException.ThrowIfNull(services);
        AddKubeRuntime(services);
        if (services.Any(d => d.ServiceType == typeof(ISharedInformer<T>) && !d.IsKeyedService))
        {
            return services;
        }

        services.AddSingleton<ISharedInformer<T>>(provider =>
        {
            var options = new InformerOptions<T>();
            configure?.Invoke(options);
            return new SharedInformer<T>(
                provider.GetRequiredService<IKubeClient>().Resource<T>(),
                options,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<SharedInformer<T>>>(),
                provider.GetRequiredService<RuntimeInstruments>());
        });
        services.AddSingleton<IInformer>(provider => provider.GetRequiredService<ISharedInformer<T>>());
        services.AddSingleton(provider => provider.GetRequiredService<ISharedInformer<T>>().Store);
        return services;
    }

    /// <summary>
    /// Registers the shared informer of <typeparamref name="T"/> that reads the <see cref="IKubeClient"/> registered
    /// under <paramref name="clientKey"/> (a keyed service), once per key (later calls keep the first options). Its
    /// informer and store are keyed services under the same key, so one container can cache the same kind from
    /// several clusters; the host runs it with every other informer.
    /// </summary>
    public static IServiceCollection AddKubeInformer<T>(this IServiceCollection services, object clientKey, Action<InformerOptions<T>>? configure = null)
        where T : class, IKubeObject<T>
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(clientKey);
        AddKubeRuntime(services);
        if (services.Any(d => d.ServiceType == typeof(ISharedInformer<T>) && d.IsKeyedService && Equals(d.ServiceKey, clientKey)))
        {
            return services;
        }

        services.AddKeyedSingleton<ISharedInformer<T>>(clientKey, (provider, _) =>
        {
            var options = new InformerOptions<T>();
            configure?.Invoke(options);
            return new SharedInformer<T>(
                provider.GetRequiredKeyedService<IKubeClient>(clientKey).Resource<T>(),
                options,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<SharedInformer<T>>>(),
                provider.GetRequiredService<RuntimeInstruments>());
        });
        services.AddSingleton<IInformer>(provider => provider.GetRequiredKeyedService<ISharedInformer<T>>(clientKey));
        services.AddKeyedSingleton(clientKey, (provider, _) => provider.GetRequiredKeyedService<ISharedInformer<T>>(clientKey).Store);
        return services;
    }

    /// <summary>
    /// Makes the informer of <typeparamref name="T"/> registered under <paramref name="clientKey"/> also the unkeyed one
    /// (its <see cref="ISharedInformer{T}"/> and <see cref="IInformerStore{T}"/>), so components that read the
    /// container's default client share one cache with those that read the keyed client: a later unkeyed
    /// <see cref="AddKubeInformer{T}(IServiceCollection, Action{InformerOptions{T}}?)"/> is then a no-op. Both keys must
    /// stand for the same cluster, and the keyed informer's options must suit every reader.
    /// </summary>
    public static IServiceCollection AddKubeInformerAlias<T>(this IServiceCollection services, object clientKey)
        where T : class, IKubeObject<T>
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(clientKey);
        if (services.Any(d => d.ServiceType == typeof(ISharedInformer<T>) && !d.IsKeyedService))
        {
            throw new InvalidOperationException($"an unkeyed informer of {typeof(T).Name} is registered already; register the alias first");
        }

        services.AddSingleton(provider => provider.GetRequiredKeyedService<ISharedInformer<T>>(clientKey));
        services.AddSingleton(provider => provider.GetRequiredKeyedService<ISharedInformer<T>>(clientKey).Store);
        return services;
    }

    private static void AddKubeRuntime(IServiceCollection services)
    {
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
            new RuntimeInstruments(provider.GetRequiredService<IMeterFactory>().Create(RuntimeInstruments.MeterName)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ControllerHost>());
    }
}
