using System.Text.Json.Serialization;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.Kube.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.GatewayApi.Json;

/// <summary>Source-generated serialization of the Gateway API kinds: camelCase, null fields omitted, RFC 3339 timestamps.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(Rfc3339DateTimeOffsetConverter), typeof(ImmutableArrayConverterFactory)])]
[JsonSerializable(typeof(GrpcRoute))]
[JsonSerializable(typeof(KubeList<GrpcRoute>))]
[JsonSerializable(typeof(HttpRoute))]
[JsonSerializable(typeof(KubeList<HttpRoute>))]
[JsonSerializable(typeof(RouteStatus))]
[JsonSerializable(typeof(GatewayClass))]
[JsonSerializable(typeof(KubeList<GatewayClass>))]
[JsonSerializable(typeof(Gateway))]
[JsonSerializable(typeof(KubeList<Gateway>))]
[JsonSerializable(typeof(GatewayStatus))]
[JsonSerializable(typeof(GatewayClassStatus))]
[JsonSerializable(typeof(ReferenceGrant))]
[JsonSerializable(typeof(KubeList<ReferenceGrant>))]
public sealed partial class GatewayApiJsonContext : JsonSerializerContext;
