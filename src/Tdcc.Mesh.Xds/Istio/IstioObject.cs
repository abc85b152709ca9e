using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Tdcc.Mesh.Xds.Istio;

/// <summary>
/// One generated Istio configuration object: kind, namespace, name, object labels and its spec as the Istio protobuf
/// message. <see cref="IstioJson.ToKubernetes"/> gives the CRD form, <see cref="IstioMcp.ToResource"/> the MCP form.
/// </summary>
/// <param name="Kind">ServiceEntry, WorkloadEntry or DestinationRule (<see cref="IstioKinds"/>).</param>
/// <param name="Namespace">The namespace (the service's).</param>
/// <param name="Name">The object name.</param>
/// <param name="Labels">metadata.labels.</param>
/// <param name="Spec">The spec message (<c>istio.networking.v1alpha3.*</c>); do not mutate it after creation.</param>
public sealed record IstioObject(string Kind, string Namespace, string Name, IReadOnlyDictionary<string, string> Labels, IMessage Spec)
{
    /// <summary><c>&lt;namespace&gt;/&lt;name&gt;</c>, the MCP resource name.</summary>
    public string QualifiedName => Namespace + "/" + Name;

    /// <summary>The Kubernetes JSON form (apiVersion networking.istio.io/v1, kind, metadata, spec).</summary>
    public JsonObject ToJson() => IstioJson.ToKubernetes(this);
}
