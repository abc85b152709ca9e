using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Xds.Tests;

/// <summary>Small clusterset models for the tests.</summary>
internal static class TestResources
{
    public static ClusterSetModel Model(params (string Cluster, string Ip, bool Ready)[] endpoints) =>
        Model(["echo"], endpoints);

    public static ClusterSetModel Model(IReadOnlyList<string> services, (string Cluster, string Ip, bool Ready)[] endpoints, TrafficPolicyModel? policy = null, int endpointPort = 9090)
    {
        var serviceModels = services.Select(name => new ServiceModel("demo", name, [new ServicePortModel("grpc", 9090, AppProtocol: "grpc")], policy)).ToList();
        var sets = services.SelectMany(name => endpoints
                .GroupBy(endpoint => endpoint.Cluster)
                .Select(group => new ServiceEndpointsModel(
                    group.Key, "demo", name, [new EndpointPortModel("grpc", endpointPort)],
                    group.Select(endpoint => new EndpointModel([endpoint.Ip], endpoint.Ready)).ToList())))
            .ToList();
        return new ClusterSetModel(serviceModels, sets, [new ClusterLocalityModel("east", "us-east", "us-east-1a"), new ClusterLocalityModel("west", "us-west", "us-west-2b")]);
    }
}
