using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// The clusterset model indexed once per translation: services in a stable order (namespace, then name), each
/// service's endpoint sets, the locality of each cluster and where its east-west gateway is.
/// </summary>
internal sealed class ModelIndex
{
    private readonly ILookup<(string Namespace, string Service), ServiceEndpointsModel> _endpoints;
    private readonly Dictionary<(string Namespace, string Name), ServiceModel> _services;

    public ModelIndex(ClusterSetModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Services = [.. model.Services.OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)];
        _services = Services.GroupBy(s => (s.Namespace, s.Name)).ToDictionary(group => group.Key, group => group.First());
        _endpoints = model.Endpoints.ToLookup(set => (set.Namespace, set.Service));
        Localities = model.Localities
            .GroupBy(locality => locality.Cluster, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
        Gateways = (model.Gateways ?? [])
            .GroupBy(gateway => gateway.Cluster, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
    }

    public IReadOnlyList<ServiceModel> Services { get; }

    public IReadOnlyDictionary<string, ClusterLocalityModel> Localities { get; }

    /// <summary>Each member's east-west gateway, by cluster.</summary>
    public IReadOnlyDictionary<string, ClusterGatewayModel> Gateways { get; }

    /// <summary>Every member cluster the model knows (a locality or a gateway), in order.</summary>
    public IEnumerable<string> Members =>
        Localities.Keys.Union(Gateways.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal);

    /// <summary>The service <paramref name="name"/> of <paramref name="namespace"/>, or null.</summary>
    public ServiceModel? Service(string @namespace, string name) => _services.GetValueOrDefault((@namespace, name));

    /// <summary>
    /// The proxyless cluster of a routing rule's backend (<see cref="ServiceNames.ForPort"/>), or null when the backend
    /// service is not in the model or does not serve that port.
    /// </summary>
    public string? ClusterOf(RouteBackendModel backend) =>
        Service(backend.Namespace, backend.Service) is { } service && ServicePorts.Served(service).Any(port => port.Port == backend.Port)
            ? ServiceNames.ForPort(backend.Namespace, backend.Service, backend.Port)
            : null;

    /// <summary>Every source cluster's endpoints of a service.</summary>
    public IEnumerable<ServiceEndpointsModel> EndpointsOf(ServiceModel service) => _endpoints[(service.Namespace, service.Name)];

    /// <summary>The endpoint sets <paramref name="cluster"/> contributes to a service (empty: it does not export it).</summary>
    public IEnumerable<ServiceEndpointsModel> EndpointsOf(ServiceModel service, string cluster) =>
        EndpointsOf(service).Where(set => string.Equals(set.SourceCluster, cluster, StringComparison.Ordinal));
}
