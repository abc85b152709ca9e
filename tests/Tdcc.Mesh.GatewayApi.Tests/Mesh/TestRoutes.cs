using System.Text.Json;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Json;
using Tdcc.Mesh.GatewayApi.Mesh;

namespace Tdcc.Mesh.GatewayApi.Tests.Mesh;

/// <summary>Routes written as YAML (as users write them) and the clusterset of the tests.</summary>
internal static class TestRoutes
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>demo/echo (http 8080, grpc 9090), demo/echo-v2 (same ports), other/api (grpc 9090).</summary>
    public static IReadOnlyList<ClusterSetService> Services { get; } =
    [
        new("demo", "echo", [new("http", 8080), new("grpc", 9090)]),
        new("demo", "echo-v2", [new("http", 8080), new("grpc", 9090)]),
        new("other", "api", [new("grpc", 9090)]),
    ];

    public static GrpcRoute ParseGrpc(string yaml, int ageSeconds = 0, string? name = null) =>
        Stamp(JsonSerializer.Deserialize(YamlToJson.ConvertObject(yaml).ToJsonString(), GatewayApiJsonContext.Default.GrpcRoute)!, ageSeconds, name);

    public static HttpRoute ParseHttp(string yaml, int ageSeconds = 0, string? name = null) =>
        Stamp(JsonSerializer.Deserialize(YamlToJson.ConvertObject(yaml).ToJsonString(), GatewayApiJsonContext.Default.HttpRoute)!, ageSeconds, name);

    public static RouteResolution Resolve(params GrpcRoute[] routes) => RouteResolver.Resolve(routes, [], Services);

    public static RouteResolution Resolve(params HttpRoute[] routes) => RouteResolver.Resolve([], routes, Services);

    private static GrpcRoute Stamp(GrpcRoute route, int ageSeconds, string? name) =>
        route with { Metadata = route.Metadata with { Name = name ?? route.Metadata.Name, Namespace = route.Metadata.Namespace ?? "demo", Generation = 3, CreationTimestamp = Epoch.AddSeconds(-ageSeconds) } };

    private static HttpRoute Stamp(HttpRoute route, int ageSeconds, string? name) =>
        route with { Metadata = route.Metadata with { Name = name ?? route.Metadata.Name, Namespace = route.Metadata.Namespace ?? "demo", Generation = 3, CreationTimestamp = Epoch.AddSeconds(-ageSeconds) } };
}
