using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Xds.Tests.Translation;

/// <summary>
/// A clusterset for the gateway and server-listener tests:
/// <list type="bullet">
/// <item>demo/echo: grpc 9090 (appProtocol grpc) and http 8080 (no appProtocol), exported by east (10.0.0.1 ready,
/// 10.0.0.2 not ready; target ports 19090/18080) and west (10.1.0.1);</item>
/// <item>demo/web: http 80 (appProtocol HTTP), exported by west only;</item>
/// <item>demo/stream: h2 7070 (appProtocol kubernetes.io/H2C, any case counts), exported by east (10.0.0.1 again, port 17070).</item>
/// </list>
/// </summary>
internal static class GatewayModels
{
    public const string EchoGrpc = "echo.demo.svc.clusterset.local:9090";
    public const string EchoHttp = "echo.demo.svc.clusterset.local:8080";
    public const string Web = "web.demo.svc.clusterset.local:80";
    public const string Stream = "stream.demo.svc.clusterset.local:7070";

    public static ClusterSetModel ClusterSet(TrafficPolicyModel? echoPolicy = null)
    {
        var echoPorts = new List<EndpointPortModel> { new("grpc", 19090), new("http", 18080) };
        return new ClusterSetModel(
            [
                new ServiceModel("demo", "echo", [new ServicePortModel("grpc", 9090, AppProtocol: "grpc"), new ServicePortModel("http", 8080)], echoPolicy),
                new ServiceModel("demo", "web", [new ServicePortModel("http", 80, AppProtocol: "HTTP")]),
                new ServiceModel("demo", "stream", [new ServicePortModel("h2", 7070, AppProtocol: "kubernetes.io/H2C")]),
            ],
            [
                new ServiceEndpointsModel("east", "demo", "echo", echoPorts, [new EndpointModel(["10.0.0.1"]), new EndpointModel(["10.0.0.2"], Ready: false)]),
                new ServiceEndpointsModel("west", "demo", "echo", echoPorts, [new EndpointModel(["10.1.0.1"])]),
                new ServiceEndpointsModel("west", "demo", "web", [new EndpointPortModel("http", 8000)], [new EndpointModel(["10.1.0.2"])]),
                new ServiceEndpointsModel("east", "demo", "stream", [new EndpointPortModel("h2", 17070)], [new EndpointModel(["10.0.0.1"])]),
            ],
            [new ClusterLocalityModel("east", "us-east", "us-east-1a"), new ClusterLocalityModel("west", "us-west", "us-west-2b")]);
    }
}
