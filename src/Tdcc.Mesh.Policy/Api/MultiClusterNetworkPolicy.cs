using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Policy.Json;

namespace Tdcc.Mesh.Policy.Api;

/// <summary>
/// <c>networking.tdcc.io/v1alpha1.MultiClusterNetworkPolicy</c>: which sources (cluster, namespace, identity) may reach
/// the clusterset services of its namespace through the gateways, and with which requests. Created on the hub; enforced
/// by the gateway of every cluster that exports a targeted service (docs/network-policy.md).
/// </summary>
public sealed record MultiClusterNetworkPolicy : IKubeObject<MultiClusterNetworkPolicy>
{
    /// <summary>Where MultiClusterNetworkPolicy objects are served.</summary>
    public static ResourceType Resource { get; } = new(PolicyGroups.Networking, "v1alpha1", "MultiClusterNetworkPolicy", "multiclusternetworkpolicies", Namespaced: true);

    public static JsonTypeInfo<MultiClusterNetworkPolicy> JsonTypeInfo => PolicyJsonContext.Default.MultiClusterNetworkPolicy;

    public static JsonTypeInfo<KubeList<MultiClusterNetworkPolicy>> ListJsonTypeInfo => PolicyJsonContext.Default.KubeListMultiClusterNetworkPolicy;

    public string? ApiVersion { get; init; } = PolicyGroups.Networking + "/v1alpha1";
    public string? Kind { get; init; } = "MultiClusterNetworkPolicy";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public MultiClusterNetworkPolicySpec? Spec { get; init; }
    public MultiClusterNetworkPolicyStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public MultiClusterNetworkPolicy WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a MultiClusterNetworkPolicy.</summary>
public sealed record MultiClusterNetworkPolicySpec
{
    /// <summary>The services of the policy's namespace it governs; empty or absent: every clusterset service of the namespace.</summary>
    public ImmutableArray<PolicyTargetReference>? TargetRefs { get; init; }

    /// <summary>Evaluation order among the policies of a service: lower first (default 0); ties by policy name.</summary>
    public int? Priority { get; init; }

    /// <summary>The rules, evaluated in order; the first that matches a request decides.</summary>
    public ImmutableArray<NetworkPolicyRule>? Rules { get; init; }

    /// <summary><c>Allow</c> (default) or <c>Deny</c>: what a request no rule of any policy of the service matches gets.</summary>
    public string? DefaultAction { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of a MultiClusterNetworkPolicy: conditions <c>Accepted</c>, <c>Enforced</c>, <c>RulesEnforced</c>, and where it is enforced.</summary>
public sealed record MultiClusterNetworkPolicyStatus
{
    public ImmutableArray<Condition>? Conditions { get; init; }

    /// <summary>The member clusters whose gateways enforce the policy (those exporting a targeted service).</summary>
    public ImmutableArray<string>? EnforcedClusters { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
