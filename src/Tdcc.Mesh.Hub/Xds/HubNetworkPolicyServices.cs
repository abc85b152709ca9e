using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Policy.NetworkPolicies;

namespace Tdcc.Mesh.Hub.Xds;

/// <summary>The clusterset services network policies govern, from the same model the xDS snapshots are built from (imports and endpoint slices).</summary>
internal sealed class HubNetworkPolicyServices(IInformerStore<ServiceImport> imports, IInformerStore<EndpointSlice> slices) : INetworkPolicyServices
{
    public IReadOnlyList<NetworkPolicyService> List() =>
        NetworkPolicyService.From(XdsModelBuilder.Build(imports.List(), slices.List(), []));
}
