using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>
/// Gives the EndpointSlice controller's pod event mapping access to the service cache, which exists only once the
/// cluster's service provider is built (the mapping is declared before).
/// </summary>
internal sealed class ServiceLookup
{
    private IInformerStore<Service>? _store;

    public IInformerStore<Service>? Store => Volatile.Read(ref _store);

    public void Attach(IInformerStore<Service> store) => Volatile.Write(ref _store, store);
}
