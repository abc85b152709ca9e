using Microsoft.Extensions.DependencyInjection;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Controllers;
using Tdcc.Mesh.Kube.Runtime.Informers;

namespace Tdcc.Mesh.Kube.Runtime.Hosting;

internal sealed class ControllerBuilder(IServiceCollection services, ControllerRegistration registration) : IControllerBuilder
{
    public IControllerBuilder Reconciles<T>()
        where T : class, IKubeObject<T>
    {
        services.AddKubeInformer<T>();
        registration.Primary = T.Resource;
        registration.PrimaryKeys = provider => provider.GetRequiredService<IInformerStore<T>>().List().Select(ObjectKey.Of);
        registration.Sources.Add((provider, queue) =>
            provider.GetRequiredService<ISharedInformer<T>>().AddEventHandler(EnqueueHandlers.ForObject<T>(queue)));
        return this;
    }

    public IControllerBuilder Owns<T>()
        where T : class, IKubeObject<T>
    {
        services.AddKubeInformer<T>();
        registration.Sources.Add((provider, queue) =>
        {
            var primary = registration.Primary
                ?? throw new InvalidOperationException($"controller {registration.Name}: call Reconciles<T>() before Owns<T>()");
            return provider.GetRequiredService<ISharedInformer<T>>()
                .AddEventHandler(EnqueueHandlers.ForControllerOwner<T>(queue, primary.Group, primary.Kind));
        });
        return this;
    }

    public IControllerBuilder Watches<T>(Func<T, IEnumerable<ObjectKey>> map)
        where T : class, IKubeObject<T>
    {
        ArgumentNullException.ThrowIfNull(map);
        services.AddKubeInformer<T>();
        registration.Sources.Add((provider, queue) =>
            provider.GetRequiredService<ISharedInformer<T>>().AddEventHandler(EnqueueHandlers.ForMapped(queue, map)));
        return this;
    }

    public IControllerBuilder Configure(Action<ControllerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(registration.Options);
        registration.Options.Queue.Name = registration.Name;
        registration.Options.Name = registration.Name;
        return this;
    }
}
