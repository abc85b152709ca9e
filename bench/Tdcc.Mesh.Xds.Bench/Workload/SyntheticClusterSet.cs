using System.Globalization;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Xds.Bench.Workload;

/// <summary>
/// A synthetic clusterset: M services in 10 namespaces, one gRPC port each, with <see cref="EndpointsPerCluster"/>
/// ready endpoints in each of the clusters east, west and edge. A change flips one endpoint's readiness.
/// </summary>
internal sealed class SyntheticClusterSet
{
    public const int EndpointsPerCluster = 3;

    private const int Namespaces = 10;

    private readonly IReadOnlyList<ServiceModel> _services;
    private readonly ServiceEndpointsModel[] _endpoints;
    private readonly IReadOnlyList<ClusterLocalityModel> _localities;

    public SyntheticClusterSet(int services)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(services);
        _localities = [
            new ClusterLocalityModel("east", "us-east", "us-east-1a"),
            new ClusterLocalityModel("west", "us-west", "us-west-2b"),
            new ClusterLocalityModel("edge", "eu-central", "eu-central-1c"),
        ];
        _services = [.. Enumerable.Range(0, services).Select(i => new ServiceModel(Namespace(i), Name(i), [new ServicePortModel("grpc", 9090, AppProtocol: "grpc")]))];
        _endpoints = [.. Enumerable.Range(0, services).SelectMany(i => _localities.Select((locality, c) => Endpoints(i, c, locality.Cluster, notReady: -1)))];
    }

    /// <summary>The node clusters, one snapshot each (NodeHashes.ByCluster).</summary>
    public static IReadOnlyList<string> Clusters { get; } = ["east", "west", "edge"];

    public int Services => _services.Count;

    public ClusterSetModel Model => new(_services, _endpoints, _localities);

    /// <summary>
    /// Change number <paramref name="change"/>: one endpoint of one service in east alternates between ready and not
    /// ready (so the load assignment of that service changes for every node cluster).
    /// </summary>
    public void ApplyChange(int change)
    {
        var service = change % Services;
        var index = service * Clusters.Count;
        var current = _endpoints[index].Endpoints;
        var flipped = current.Count > 0 && current[0].Ready ? 0 : -1;
        _endpoints[index] = Endpoints(service, 0, _localities[0].Cluster, flipped);
    }

    private static ServiceEndpointsModel Endpoints(int service, int cluster, string clusterName, int notReady) =>
        new(clusterName, Namespace(service), Name(service), [new EndpointPortModel("grpc", 9090)],
            [.. Enumerable.Range(0, EndpointsPerCluster).Select(e => new EndpointModel([Address(cluster, service, e)], Ready: e != notReady))]);

    private static string Namespace(int service) => "ns-" + (service % Namespaces).ToString(CultureInfo.InvariantCulture);

    private static string Name(int service) => "svc-" + service.ToString(CultureInfo.InvariantCulture);

    private static string Address(int cluster, int service, int endpoint)
    {
        var host = (service * EndpointsPerCluster) + endpoint;
        return string.Create(CultureInfo.InvariantCulture, $"10.{cluster}.{host / 256}.{host % 256}");
    }
}
