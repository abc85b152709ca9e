using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.GatewayApi.Api;

/// <summary>
/// A route filter (<c>HTTPRouteFilter</c>, <c>GRPCRouteFilter</c>): its type is read so that the route can be reported
/// as using it; the filter's own settings stay in <see cref="Extra"/>. The mesh supports no filter yet.
/// </summary>
public sealed record RouteFilter
{
    /// <summary>For example <c>RequestHeaderModifier</c>, <c>RequestMirror</c>, <c>URLRewrite</c>, <c>ExtensionRef</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The filter's settings, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
