using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Controllers;

namespace Tdcc.Mesh.Kube.Runtime.Hosting;

/// <summary>Says which informers feed a controller's queue, as controller-runtime's builder does.</summary>
public interface IControllerBuilder
{
    /// <summary>The primary kind: each of its changes enqueues the object's own key.</summary>
    IControllerBuilder Reconciles<T>()
        where T : class, IKubeObject<T>;

    /// <summary>A dependent kind: each change enqueues the key of its controller owner of the primary kind.</summary>
    IControllerBuilder Owns<T>()
        where T : class, IKubeObject<T>;

    /// <summary>Any kind: each change enqueues the keys <paramref name="map"/> returns.</summary>
    IControllerBuilder Watches<T>(Func<T, IEnumerable<ObjectKey>> map)
        where T : class, IKubeObject<T>;

    /// <summary>
    /// Any kind: each addition and deletion, and each update for which <paramref name="relevantUpdate"/> (old, new)
    /// holds, enqueues the keys <paramref name="map"/> returns (controller-runtime's update predicate: for example,
    /// ignore a heartbeat that only moves a timestamp).
    /// </summary>
    IControllerBuilder Watches<T>(Func<T, IEnumerable<ObjectKey>> map, Func<T, T, bool> relevantUpdate)
        where T : class, IKubeObject<T>;

    /// <summary>
    /// The primary kind, read from the <see cref="Client.IKubeClient"/> registered under <paramref name="clientKey"/>
    /// (see <see cref="KubeRuntimeServiceCollectionExtensions.AddKubeInformer{T}(Microsoft.Extensions.DependencyInjection.IServiceCollection, object, Action{Informers.InformerOptions{T}}?)"/>).
    /// </summary>
    IControllerBuilder Reconciles<T>(object clientKey)
        where T : class, IKubeObject<T>;

    /// <summary>A dependent kind read from the client registered under <paramref name="clientKey"/>.</summary>
    IControllerBuilder Owns<T>(object clientKey)
        where T : class, IKubeObject<T>;

    /// <summary>Any kind read from the client registered under <paramref name="clientKey"/>: each change enqueues the keys <paramref name="map"/> returns.</summary>
    IControllerBuilder Watches<T>(object clientKey, Func<T, IEnumerable<ObjectKey>> map)
        where T : class, IKubeObject<T>;

    /// <summary>Workers, queue limits and backoff.</summary>
    IControllerBuilder Configure(Action<ControllerOptions> configure);
}
