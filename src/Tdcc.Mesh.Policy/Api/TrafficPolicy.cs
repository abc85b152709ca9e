using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Policy.Json;

namespace Tdcc.Mesh.Policy.Api;

/// <summary>
/// <c>networking.tdcc.io/v1alpha1.TrafficPolicy</c>: how clients of the clusterset services it targets balance,
/// retry, time out, eject failing endpoints and weigh clusters. Created on the hub, in the services' namespace.
/// </summary>
public sealed record TrafficPolicy : IKubeObject<TrafficPolicy>
{
    /// <summary>Where TrafficPolicy objects are served.</summary>
    public static ResourceType Resource { get; } = new(PolicyGroups.Networking, "v1alpha1", "TrafficPolicy", "trafficpolicies", Namespaced: true);

    public static JsonTypeInfo<TrafficPolicy> JsonTypeInfo => PolicyJsonContext.Default.TrafficPolicy;

    public static JsonTypeInfo<KubeList<TrafficPolicy>> ListJsonTypeInfo => PolicyJsonContext.Default.KubeListTrafficPolicy;

    public string? ApiVersion { get; init; } = PolicyGroups.Networking + "/v1alpha1";
    public string? Kind { get; init; } = "TrafficPolicy";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public TrafficPolicySpec? Spec { get; init; }
    public TrafficPolicyStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public TrafficPolicy WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a TrafficPolicy; anything left out keeps the clients' defaults.</summary>
public sealed record TrafficPolicySpec
{
    /// <summary>The services of the policy's namespace it applies to.</summary>
    public ImmutableArray<PolicyTargetReference>? TargetRefs { get; init; }

    /// <summary><c>RoundRobin</c> (default) or <c>RingHash</c>.</summary>
    public string? LoadBalancer { get; init; }

    /// <summary>True (default): the client's own cluster first, the others only when it has no ready endpoint.</summary>
    public bool? LocalityFailover { get; init; }

    /// <summary>Weight of each source cluster's locality (1 to 128); clusters left out weigh their ready endpoint count.</summary>
    public ImmutableDictionary<string, int>? ClusterWeights { get; init; }

    /// <summary>Request timeout (a Gateway API duration, for example <c>2s</c> or <c>1m30s</c>).</summary>
    public string? Timeout { get; init; }

    public RetrySpec? Retries { get; init; }

    public OutlierDetectionSpec? OutlierDetection { get; init; }

    public CircuitBreakerSpec? CircuitBreaker { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of a TrafficPolicy: the <c>Accepted</c> condition.</summary>
public sealed record TrafficPolicyStatus
{
    public ImmutableArray<Condition>? Conditions { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
