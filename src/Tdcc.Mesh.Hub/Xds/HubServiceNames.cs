using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Policy.Resolution;

namespace Tdcc.Mesh.Hub.Xds;

/// <summary>The clusterset services as the hub sees them: its aggregated ServiceImports (informer cache).</summary>
internal sealed class HubServiceNames(IInformerStore<ServiceImport> imports) : IClusterSetServiceNames
{
    public IEnumerable<(string Namespace, string Name)> List() =>
        XdsModelBuilder.Services(imports.List()).Select(s => (s.Namespace, s.Name));
}
