using Microsoft.Extensions.DependencyInjection;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Controllers;
using Tdcc.Mesh.Kube.Runtime.Informers;

namespace Tdcc.Mesh.Kube.Runtime.Hosting;

internal sealed class ControllerBuilder(IServiceCollection services, ControllerRegistration registration) : IControllerBuilder
{
    public IControllerBuilder Reconciles<T>()
        where T : class, IKubeObject<T> => ReconcilesCore<T>(clientKey: null);

    public IControllerBuilder Reconciles<T>(object clientKey)
        where T : class, IKubeObject<T>
    {
        ArgumentNullException.ThrowIfNull(clientKey);
        return ReconcilesCore<T>(clientKey);
    }

    public IControllerBuilder Owns<T>()
        where T : class, IKubeObject<T> => OwnsCore<T>(clientKey: null);

    public IControllerBuilder Owns<T>(object clientKey)
        where T : class, IKubeObject<T>
    {
        ArgumentNullException.ThrowIfNull(clientKey);
        return OwnsCore<T>(clientKey);
    }

    public IControllerBuilder Watches<T>(Func<T, IEnumerable<ObjectKey>> map)
        where T : class, IKubeObject<T> => WatchesCore(clientKey: null, map);

    public IControllerBuilder Watches<T>(Func<T, IEnumerable<ObjectKey>> map, Func<T, T, bool> relevantUpdate)
        where T : class, IKubeObject<T>
    {
        ArgumentNullException.ThrowIfNull(relevantUpdate);
        return WatchesCore(clientKey: null, map, relevantUpdate);
    }

    public IControllerBuilder Watches<T>(object clientKey, Func<T, IEnumerable<ObjectKey>> map)
        where T : class, IKubeObject<T>
    {
        ArgumentNullException.ThrowIfNull(clientKey);
        return WatchesCore(clientKey, map);
    }

    public IControllerBuilder Configure(Action<ControllerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(registration.Options);
        registration.Options.Queue.Name = registration.Name;
        registration.Options.Name = registration.Name;
        return this;
    }

    private ControllerBuilder ReconcilesCore<T>(object? clientKey)
        where T : class, IKubeObject<T>
    {
        AddInformer<T>(clientKey);
        registration.Primary = T.Resource;
        registration.PrimaryKeys = provider => Informer<T>(provider, clientKey).Store.List().Select(ObjectKey.Of);
        registration.Sources.Add((provider, queue) =>
            Informer<T>(provider, clientKey).AddEventHandler(EnqueueHandlers.ForObject<T>(queue)));
        return this;
    }

    private ControllerBuilder OwnsCore<T>(object? clientKey)
        where T : class, IKubeObject<T>
    {
        AddInformer<T>(clientKey);
        registration.Sources.Add((provider, queue) =>
        {
            var primary = registration.Primary
                ?? throw new InvalidOperationException($"controller {registration.Name}: call Reconciles<T>() before Owns<T>()");
            return Informer<T>(provider, clientKey)
                .AddEventHandler(EnqueueHandlers.ForControllerOwner<T>(queue, primary.Group, primary.Kind));
        });
        return this;
    }

    private ControllerBuilder WatchesCore<T>(object? clientKey, Func<T, IEnumerable<ObjectKey>> map, Func<T, T, bool>? relevantUpdate = null)
        where T : class, IKubeObject<T>
    {
        ArgumentNullException.ThrowIfNull(map);
        AddInformer<T>(clientKey);
        registration.Sources.Add((provider, queue) =>
            Informer<T>(provider, clientKey).AddEventHandler(EnqueueHandlers.ForMapped(queue, map, relevantUpdate)));
        return this;
    }

    private void AddInformer<T>(object? clientKey)
        where T : class, IKubeObject<T>
    {
        if (clientKey is null)
        {
            services.AddKubeInformer<T>();
        }
        else
        {
            services.AddKubeInformer<T>(clientKey);
        }
    }

    private static ISharedInformer<T> Informer<T>(IServiceProvider provider, object? clientKey)
        where T : class, IKubeObject<T> =>
        clientKey is null
            ? provider.GetRequiredService<ISharedInformer<T>>()
            : provider.GetRequiredKeyedService<ISharedInformer<T>>(clientKey);
}
