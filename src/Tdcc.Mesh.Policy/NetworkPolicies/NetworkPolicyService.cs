using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Policy.NetworkPolicies;

/// <summary>A clusterset service as network policies see it: its ports and the clusters that export it (whose gateways enforce).</summary>
/// <param name="Namespace">The service's namespace.</param>
/// <param name="Name">The service's name.</param>
/// <param name="Ports">Its ports (appProtocol tells HTTP from TCP).</param>
/// <param name="Clusters">The member clusters exporting it, sorted.</param>
public sealed record NetworkPolicyService(string Namespace, string Name, IReadOnlyList<ServicePortModel> Ports, IReadOnlyList<string> Clusters)
{
    /// <summary>The services of <paramref name="model"/>, each with the source clusters of its endpoint sets.</summary>
    public static IReadOnlyList<NetworkPolicyService> From(ClusterSetModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var clusters = model.Endpoints
            .GroupBy(set => (set.Namespace, set.Service))
            .ToDictionary(group => group.Key, group => group.Select(set => set.SourceCluster).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
        return
        [
            .. model.Services.Select(service => new NetworkPolicyService(
                service.Namespace,
                service.Name,
                service.Ports,
                clusters.TryGetValue((service.Namespace, service.Name), out var exporting) ? exporting : [])),
        ];
    }

    /// <summary>True when the port carries HTTP (appProtocol http, kubernetes.io/ws(s), h2c, kubernetes.io/h2c, http2, grpc), as the gateways decide.</summary>
    public static bool IsHttp(ServicePortModel port)
    {
        ArgumentNullException.ThrowIfNull(port);
        return port.AppProtocol?.ToUpperInvariant() is "HTTP" or "KUBERNETES.IO/WS" or "KUBERNETES.IO/WSS" or "H2C" or "KUBERNETES.IO/H2C" or "HTTP2" or "GRPC";
    }
}
