using System.Text.Json.Serialization;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.Kube.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.GatewayApi.Json;

/// <summary>Source-generated serialization of the Gateway API route kinds: camelCase, null fields omitted, RFC 3339 timestamps.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(Rfc3339DateTimeOffsetConverter), typeof(ImmutableArrayConverterFactory)])]
[JsonSerializable(typeof(GrpcRoute))]
[JsonSerializable(typeof(KubeList<GrpcRoute>))]
[JsonSerializable(typeof(HttpRoute))]
[JsonSerializable(typeof(KubeList<HttpRoute>))]
[JsonSerializable(typeof(RouteStatus))]
public sealed partial class GatewayApiJsonContext : JsonSerializerContext;
