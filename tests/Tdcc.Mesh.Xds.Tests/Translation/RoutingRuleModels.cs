using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Xds.Tests.Translation;

/// <summary>
/// A clusterset for the routing-rule tests: demo/echo (grpc 9090 with the given rules, admin 9091 without) and
/// demo/echo-canary (grpc 9090), echo exported by east and west, echo-canary by west only.
/// </summary>
internal static class RoutingRuleModels
{
    public const string Echo = "echo.demo.svc.clusterset.local:9090";
    public const string EchoAdmin = "echo.demo.svc.clusterset.local:9091";
    public const string Canary = "echo-canary.demo.svc.clusterset.local:9090";

    public static RouteBackendModel EchoBackend(uint weight = 1) => new("demo", "echo", 9090, weight);

    public static RouteBackendModel CanaryBackend(uint weight = 1) => new("demo", "echo-canary", 9090, weight);

    public static RouteMatchModel Header(string name, string value, HeaderMatchKind kind = HeaderMatchKind.Exact) =>
        new(Headers: [new HeaderMatchModel(name, value, kind)]);

    public static ClusterSetModel ClusterSet(IReadOnlyList<RouteRuleModel> rules, TrafficPolicyModel? echoPolicy = null)
    {
        var ports = new List<EndpointPortModel> { new("grpc", 19090), new("admin", 19091) };
        return new ClusterSetModel(
            [
                new ServiceModel(
                    "demo",
                    "echo",
                    [new ServicePortModel("grpc", 9090, AppProtocol: "grpc"), new ServicePortModel("admin", 9091)],
                    echoPolicy,
                    [new PortRoutesModel(9090, rules)]),
                new ServiceModel("demo", "echo-canary", [new ServicePortModel("grpc", 9090, AppProtocol: "grpc")]),
            ],
            [
                new ServiceEndpointsModel("east", "demo", "echo", ports, [new EndpointModel(["10.0.0.1"])]),
                new ServiceEndpointsModel("west", "demo", "echo", ports, [new EndpointModel(["10.1.0.1"])]),
                new ServiceEndpointsModel("west", "demo", "echo-canary", ports[..1], [new EndpointModel(["10.1.0.9"])]),
            ],
            [new ClusterLocalityModel("east", "us-east", "us-east-1a"), new ClusterLocalityModel("west", "us-west", "us-west-2b")]);
    }
}
