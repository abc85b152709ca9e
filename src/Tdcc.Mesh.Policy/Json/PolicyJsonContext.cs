using System.Text.Json.Serialization;
using Tdcc.Mesh.Kube.Json;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Policy.Api;

namespace Tdcc.Mesh.Policy.Json;

/// <summary>Source-generated serialization of the policy kinds: camelCase, null fields omitted, RFC 3339 timestamps.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(Rfc3339DateTimeOffsetConverter), typeof(ImmutableArrayConverterFactory)])]
[JsonSerializable(typeof(TrafficPolicy))]
[JsonSerializable(typeof(KubeList<TrafficPolicy>))]
[JsonSerializable(typeof(MultiClusterNetworkPolicy))]
[JsonSerializable(typeof(KubeList<MultiClusterNetworkPolicy>))]
public sealed partial class PolicyJsonContext : JsonSerializerContext;
