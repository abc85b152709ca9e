using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Clusters.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Model;

/// <summary>
/// <c>clusters.tdcc.io/v1alpha1.ClusterRegistrationRequest</c>: filed by an agent with a bootstrap token (cluster-scoped; the
/// name is the cluster name). The hub answers in status; an administrator approves or denies by patching <c>status.phase</c>.
/// </summary>
public sealed record ClusterRegistrationRequest : IKubeObject<ClusterRegistrationRequest>
{
    /// <summary>Where ClusterRegistrationRequest objects are served.</summary>
    public static ResourceType Resource { get; } = new(ClustersApi.Group, ClustersApi.Version, "ClusterRegistrationRequest", "clusterregistrationrequests", Namespaced: false);

    public static JsonTypeInfo<ClusterRegistrationRequest> JsonTypeInfo => ClustersJsonContext.Default.ClusterRegistrationRequest;

    public static JsonTypeInfo<KubeList<ClusterRegistrationRequest>> ListJsonTypeInfo => ClustersJsonContext.Default.KubeListClusterRegistrationRequest;

    public string? ApiVersion { get; init; } = ClustersApi.ApiVersion;
    public string? Kind { get; init; } = "ClusterRegistrationRequest";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public ClusterRegistrationRequestSpec? Spec { get; init; }
    public ClusterRegistrationRequestStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public ClusterRegistrationRequest WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>What the agent asks for.</summary>
public sealed record ClusterRegistrationRequestSpec
{
    public string? ClusterId { get; init; }
    public string? ClusterName { get; init; }
    public string? SyncMode { get; init; }

    /// <summary>Labels for the ManagedCluster (scheduling).</summary>
    public ImmutableDictionary<string, string>? ClusterLabels { get; init; }

    /// <summary>The bootstrap user the agent authenticated as (<c>system:bootstrap:&lt;token id&gt;</c>); only this user may read the credentials.</summary>
    public string? RequestedBy { get; init; }

    /// <summary>Fields this model does not name, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The hub's answer.</summary>
public sealed record ClusterRegistrationRequestStatus
{
    /// <summary><see cref="RegistrationPhase"/>: Pending, Approved or Denied.</summary>
    public string? Phase { get; init; }
    public string? Reason { get; init; }
    public string? Message { get; init; }

    /// <summary>The agent's hub namespace.</summary>
    public string? ClusterNamespace { get; init; }

    /// <summary>The clusterset the cluster joined.</summary>
    public string? ClusterSetName { get; init; }

    /// <summary>The service-account token Secret the agent uses from now on.</summary>
    public SecretReference? CredentialsSecretRef { get; init; }

    public string? ManagedClusterName { get; init; }

    /// <summary>Fields this model does not name, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
