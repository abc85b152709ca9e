using System.Text.Json.Serialization;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Json;

/// <summary>Source-generated serialization of the cluster registration kinds: camelCase, nulls omitted, RFC 3339 times.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(Rfc3339DateTimeOffsetConverter)])]
[JsonSerializable(typeof(ManagedCluster))]
[JsonSerializable(typeof(KubeList<ManagedCluster>))]
[JsonSerializable(typeof(ClusterRegistrationRequest))]
[JsonSerializable(typeof(KubeList<ClusterRegistrationRequest>))]
[JsonSerializable(typeof(ClusterProperty))]
[JsonSerializable(typeof(KubeList<ClusterProperty>))]
internal sealed partial class ClustersJsonContext : JsonSerializerContext;
