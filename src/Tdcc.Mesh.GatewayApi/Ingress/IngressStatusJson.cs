using System.Text.Json;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Json;

namespace Tdcc.Mesh.GatewayApi.Ingress;

/// <summary>Whether a computed status differs from the one read, compared as the JSON that would be written.</summary>
internal static class IngressStatusJson
{
    public static bool Differs(GatewayClassStatus? current, GatewayClassStatus next) =>
        current is null || JsonSerializer.Serialize(current, GatewayApiJsonContext.Default.GatewayClassStatus) != JsonSerializer.Serialize(next, GatewayApiJsonContext.Default.GatewayClassStatus);

    public static bool Differs(GatewayStatus? current, GatewayStatus next) =>
        current is null || JsonSerializer.Serialize(current, GatewayApiJsonContext.Default.GatewayStatus) != JsonSerializer.Serialize(next, GatewayApiJsonContext.Default.GatewayStatus);

    public static bool Differs(RouteStatus? current, RouteStatus next) =>
        current is null || JsonSerializer.Serialize(current, GatewayApiJsonContext.Default.RouteStatus) != JsonSerializer.Serialize(next, GatewayApiJsonContext.Default.RouteStatus);
}
