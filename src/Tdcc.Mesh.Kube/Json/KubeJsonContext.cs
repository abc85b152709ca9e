using System.Text.Json.Serialization;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Json;

/// <summary>
/// Source-generated serialization of every kind, list and wire type of the client:
/// camelCase, null fields omitted, RFC 3339 timestamps.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(Rfc3339DateTimeOffsetConverter), typeof(ImmutableArrayConverterFactory)])]
[JsonSerializable(typeof(ObjectMeta))]
[JsonSerializable(typeof(Status))]
[JsonSerializable(typeof(GenericObject))]
[JsonSerializable(typeof(Namespace))]
[JsonSerializable(typeof(KubeList<Namespace>))]
[JsonSerializable(typeof(Service))]
[JsonSerializable(typeof(KubeList<Service>))]
[JsonSerializable(typeof(Endpoints))]
[JsonSerializable(typeof(KubeList<Endpoints>))]
[JsonSerializable(typeof(EndpointSlice))]
[JsonSerializable(typeof(KubeList<EndpointSlice>))]
[JsonSerializable(typeof(Pod))]
[JsonSerializable(typeof(KubeList<Pod>))]
[JsonSerializable(typeof(Node))]
[JsonSerializable(typeof(KubeList<Node>))]
[JsonSerializable(typeof(ConfigMap))]
[JsonSerializable(typeof(KubeList<ConfigMap>))]
[JsonSerializable(typeof(Secret))]
[JsonSerializable(typeof(KubeList<Secret>))]
[JsonSerializable(typeof(Event))]
[JsonSerializable(typeof(KubeList<Event>))]
[JsonSerializable(typeof(ServiceAccount))]
[JsonSerializable(typeof(KubeList<ServiceAccount>))]
[JsonSerializable(typeof(Lease))]
[JsonSerializable(typeof(KubeList<Lease>))]
[JsonSerializable(typeof(PodDisruptionBudget))]
[JsonSerializable(typeof(KubeList<PodDisruptionBudget>))]
[JsonSerializable(typeof(Deployment))]
[JsonSerializable(typeof(KubeList<Deployment>))]
[JsonSerializable(typeof(ReplicaSet))]
[JsonSerializable(typeof(KubeList<ReplicaSet>))]
[JsonSerializable(typeof(StatefulSet))]
[JsonSerializable(typeof(KubeList<StatefulSet>))]
[JsonSerializable(typeof(DaemonSet))]
[JsonSerializable(typeof(KubeList<DaemonSet>))]
[JsonSerializable(typeof(Job))]
[JsonSerializable(typeof(KubeList<Job>))]
[JsonSerializable(typeof(CronJob))]
[JsonSerializable(typeof(KubeList<CronJob>))]
[JsonSerializable(typeof(NetworkPolicy))]
[JsonSerializable(typeof(KubeList<NetworkPolicy>))]
[JsonSerializable(typeof(CustomResourceDefinition))]
[JsonSerializable(typeof(KubeList<CustomResourceDefinition>))]
[JsonSerializable(typeof(CertificateSigningRequest))]
[JsonSerializable(typeof(KubeList<CertificateSigningRequest>))]
[JsonSerializable(typeof(KubeList<GenericObject>))]
public sealed partial class KubeJsonContext : JsonSerializerContext;
