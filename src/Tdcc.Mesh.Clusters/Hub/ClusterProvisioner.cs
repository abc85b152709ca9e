using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Clusters.Kube;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Hub;

/// <summary>
/// Creates what an accepted cluster gets on the hub: its namespace, the agent ServiceAccount and token Secret, a Role
/// over its namespace, a per-cluster ClusterRole for the few cluster-wide reads and its own ManagedCluster, and (pull mode)
/// a Role that lets the bootstrap user read the token Secret once.
/// </summary>
internal sealed class ClusterProvisioner
{
    /// <summary>API groups the agent may use freely inside its hub namespace.</summary>
    public static readonly ImmutableArray<string> NamespaceGroups = ["", "coordination.k8s.io", "discovery.k8s.io", "multicluster.x-k8s.io", "events.k8s.io", "tdcc.io"];

    /// <summary>
    /// Workload distribution (apps.tdcc.io): the agent reads its namespace's Deliveries, removes its finalizer from
    /// them, and writes their status; it cannot create them, nor touch Localizations or anything of other clusters.
    /// </summary>
    private static JsonObject[] DeliveryRules =>
    [
        Rule(["apps.tdcc.io"], ["deliveries"], ["get", "list", "watch", "update", "patch"]),
        Rule(["apps.tdcc.io"], ["deliveries/status"], ["get", "update", "patch"]),
    ];

    private const string BootstrapCredentialsRole = "tdcc-bootstrap-credentials";
    private readonly IKubeClient _hub;

    public ClusterProvisioner(IKubeClient hub)
    {
        _hub = hub;
    }

    /// <summary>Provisions the cluster (idempotent) and returns the reference of its token Secret.</summary>
    public async Task<SecretReference> ProvisionAsync(string clusterName, string? bootstrapUser, CancellationToken cancellationToken)
    {
        var ns = ClustersApi.ClusterNamespace(clusterName);
        var labels = ImmutableDictionary<string, string>.Empty.Add(ClustersApi.ClusterLabel, clusterName);
        var existing = await _hub.Resource<Namespace>().GetAsync(null, ns, cancellationToken).ConfigureAwait(false);
        if (existing?.Metadata.DeletionTimestamp is not null)
        {
            throw new InvalidOperationException($"namespace {ns} is still terminating");
        }

        await _hub.Resource<Namespace>().CreateIfMissingAsync(new Namespace { Metadata = new ObjectMeta { Name = ns, Labels = labels } }, cancellationToken).ConfigureAwait(false);
        await _hub.Resource<ServiceAccount>().CreateIfMissingAsync(new ServiceAccount { Metadata = new ObjectMeta { Name = ClustersApi.AgentServiceAccount, Namespace = ns, Labels = labels } }, cancellationToken).ConfigureAwait(false);
        await _hub.Resource<Secret>().CreateIfMissingAsync(
            new Secret
            {
                Metadata = new ObjectMeta
                {
                    Name = ClustersApi.AgentTokenSecret,
                    Namespace = ns,
                    Labels = labels,
                    Annotations = ImmutableDictionary<string, string>.Empty.Add("kubernetes.io/service-account.name", ClustersApi.AgentServiceAccount),
                },
                Type = "kubernetes.io/service-account-token",
            },
            cancellationToken).ConfigureAwait(false);

        var agent = Subject("ServiceAccount", ClustersApi.AgentServiceAccount, ns);
        await EnsureRoleAsync(ns, "tdcc-agent", labels, [Rule(NamespaceGroups, ["*"], ["*"]), .. DeliveryRules], agent, cancellationToken).ConfigureAwait(false);
        await EnsureClusterRoleAsync(clusterName, labels, agent, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(bootstrapUser))
        {
            await EnsureRoleAsync(ns, BootstrapCredentialsRole, labels, [Rule([""], ["secrets"], ["get"], [ClustersApi.AgentTokenSecret])], Subject("User", bootstrapUser, null), cancellationToken).ConfigureAwait(false);
        }

        return new SecretReference { Namespace = ns, Name = ClustersApi.AgentTokenSecret };
    }

    /// <summary>The agent's token once the server has filled it; null until then.</summary>
    public async Task<string?> AgentTokenAsync(string clusterName, CancellationToken cancellationToken)
    {
        var secret = await _hub.Resource<Secret>().GetAsync(ClustersApi.ClusterNamespace(clusterName), ClustersApi.AgentTokenSecret, cancellationToken).ConfigureAwait(false);
        return secret is null ? null : KubeWrites.SecretValue(secret, "token");
    }

    /// <summary>Removes everything <see cref="ProvisionAsync"/> created (the namespace takes its contents with it).</summary>
    public async Task DeprovisionAsync(string clusterName, CancellationToken cancellationToken)
    {
        var name = ClustersApi.ClusterRoleName(clusterName);
        await _hub.Resource(RbacTypes.ClusterRoleBinding).DeleteIfPresentAsync(null, name, cancellationToken).ConfigureAwait(false);
        await _hub.Resource(RbacTypes.ClusterRole).DeleteIfPresentAsync(null, name, cancellationToken).ConfigureAwait(false);
        await _hub.Resource<Namespace>().DeleteIfPresentAsync(null, ClustersApi.ClusterNamespace(clusterName), cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject Rule(IEnumerable<string> groups, IEnumerable<string> resources, IEnumerable<string> verbs, IEnumerable<string>? names = null)
    {
        var rule = new JsonObject
        {
            ["apiGroups"] = new JsonArray(groups.Select(g => (JsonNode?)g).ToArray()),
            ["resources"] = new JsonArray(resources.Select(r => (JsonNode?)r).ToArray()),
            ["verbs"] = new JsonArray(verbs.Select(v => (JsonNode?)v).ToArray()),
        };
        if (names is not null)
        {
            rule["resourceNames"] = new JsonArray(names.Select(n => (JsonNode?)n).ToArray());
        }

        return rule;
    }

    private static JsonObject Subject(string kind, string name, string? ns)
    {
        var subject = new JsonObject { ["kind"] = kind, ["name"] = name };
        if (ns is not null)
        {
            subject["namespace"] = ns;
        }
        else
        {
            subject["apiGroup"] = RbacTypes.Group;
        }

        return subject;
    }

    private static JsonObject RoleRef(string kind, string name) => new() { ["apiGroup"] = RbacTypes.Group, ["kind"] = kind, ["name"] = name };

    private async Task EnsureRoleAsync(string ns, string name, ImmutableDictionary<string, string> labels, JsonObject[] rules, JsonObject subject, CancellationToken cancellationToken)
    {
        var meta = new ObjectMeta { Name = name, Namespace = ns, Labels = labels };
        await _hub.Resource(RbacTypes.Role).CreateOrUpdateAsync(GenericObject.Create(RbacTypes.Role, meta, new JsonObject { ["rules"] = new JsonArray(rules) }), cancellationToken).ConfigureAwait(false);
        await _hub.Resource(RbacTypes.RoleBinding).CreateOrUpdateAsync(
            GenericObject.Create(RbacTypes.RoleBinding, meta, new JsonObject { ["roleRef"] = RoleRef("Role", name), ["subjects"] = new JsonArray(subject.DeepClone()) }),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureClusterRoleAsync(string clusterName, ImmutableDictionary<string, string> labels, JsonObject subject, CancellationToken cancellationToken)
    {
        var name = ClustersApi.ClusterRoleName(clusterName);
        var meta = new ObjectMeta { Name = name, Labels = labels };
        JsonObject[] rules =
        [
            Rule([ClustersApi.Group], ["managedclusters"], ["get", "delete"], [clusterName]),
            Rule([ClustersApi.Group], ["managedclusters/status"], ["get", "update", "patch"], [clusterName]),
            Rule([ClustersApi.Group], ["clusterregistrationrequests"], ["get"], [clusterName]),
            Rule(["multicluster.x-k8s.io"], ["serviceimports", "serviceexports"], ["get", "list", "watch"]),
            Rule(["discovery.k8s.io"], ["endpointslices"], ["get", "list", "watch"]),
            Rule([""], ["namespaces"], ["get", "list", "watch"]),

            // The agent renders the member's native NetworkPolicies from the clusterset's network policies.
            Rule(["networking.tdcc.io"], ["multiclusternetworkpolicies"], ["get", "list", "watch"]),

            // The member's east-west gateway asks the hub's CA for its certificate with these credentials (approved
            // by the hub only for this cluster's identity) and reads the set's trust bundle.
            Rule(["certificates.k8s.io"], ["certificatesigningrequests"], ["create", "get", "list", "watch", "delete"]),
            Rule([""], ["configmaps"], ["get"], [ClustersApi.TrustBundleConfigMap]),
        ];
        await _hub.Resource(RbacTypes.ClusterRole).CreateOrUpdateAsync(GenericObject.Create(RbacTypes.ClusterRole, meta, new JsonObject { ["rules"] = new JsonArray(rules) }), cancellationToken).ConfigureAwait(false);
        await _hub.Resource(RbacTypes.ClusterRoleBinding).CreateOrUpdateAsync(
            GenericObject.Create(RbacTypes.ClusterRoleBinding, meta, new JsonObject { ["roleRef"] = RoleRef("ClusterRole", name), ["subjects"] = new JsonArray(subject.DeepClone()) }),
            cancellationToken).ConfigureAwait(false);
    }
}
