using Tdcc.Mesh.ApiServer.Registry;

namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>Resources served from a source outside the store (metrics.k8s.io): listed in discovery, never stored.</summary>
internal sealed partial class ObjectService
{
    /// <summary>Replaces the resources served from outside the store.</summary>
    public void SetSourcedResources(IEnumerable<ResourceDefinition> definitions) => _registry.SetSourced(definitions);
}
