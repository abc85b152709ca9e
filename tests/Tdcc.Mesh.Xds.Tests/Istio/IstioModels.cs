using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Xds.Tests.Istio;

/// <summary>
/// A clusterset for the Istio tests: demo/echo (grpc 9090 appProtocol grpc, http 8080 appProtocol http, listen ports
/// 30090/30080) exported by east (10.0.0.1 ready, 10.0.0.2 not ready; target ports 19090/18080) and west (10.1.0.1,
/// 10.1.0.2); east's gateway at 192.168.0.10, west's at 192.168.1.10; demo/db (tcp 5432, no listen port yet) exported
/// by west only.
/// </summary>
internal static class IstioModels
{
    public static ClusterSetModel ClusterSet(TrafficPolicyModel? echoPolicy = null, params EndpointModel[] westEcho)
    {
        var echoPorts = new List<EndpointPortModel> { new("grpc", 19090), new("http", 18080) };
        EndpointModel[] west = westEcho.Length > 0 ? westEcho : [new EndpointModel(["10.1.0.1"]), new EndpointModel(["10.1.0.2"])];
        return new ClusterSetModel(
            [
                new ServiceModel("demo", "echo", [new ServicePortModel("grpc", 9090, AppProtocol: "grpc", GatewayPort: 30090), new ServicePortModel("http", 8080, AppProtocol: "http", GatewayPort: 30080)], echoPolicy),
                new ServiceModel("demo", "db", [new ServicePortModel(null, 5432)]),
            ],
            [
                new ServiceEndpointsModel("east", "demo", "echo", echoPorts, [new EndpointModel(["10.0.0.1"]), new EndpointModel(["10.0.0.2"], Ready: false)]),
                new ServiceEndpointsModel("west", "demo", "echo", echoPorts, west),
                new ServiceEndpointsModel("west", "demo", "db", [new EndpointPortModel(null, 5432)], [new EndpointModel(["10.1.0.9"])]),
            ],
            [new ClusterLocalityModel("east", "us-east", "us-east-1a"), new ClusterLocalityModel("west", "us-west", "us-west-2b")],
            [new ClusterGatewayModel("east", "192.168.0.10"), new ClusterGatewayModel("west", "192.168.1.10")]);
    }
}
