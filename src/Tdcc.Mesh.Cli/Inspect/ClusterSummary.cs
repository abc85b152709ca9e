using System.Text.Json.Nodes;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;

namespace Tdcc.Mesh.Cli.Inspect;

/// <summary>One member cluster as <c>kubectl tdcc clusters</c> shows it: the hub's ManagedCluster and its heartbeat Lease.</summary>
internal sealed record ClusterSummary(ManagedCluster Cluster, string Status, DateTimeOffset? LastSeen)
{
    /// <summary>The labels that carry a member's locality (the agent's <c>--region</c> and <c>--zone</c>).</summary>
    public const string RegionLabel = "topology.kubernetes.io/region";

    /// <inheritdoc cref="RegionLabel"/>
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    public string Name => Cluster.Metadata.Name ?? string.Empty;

    public string? Region => Cluster.Metadata.Labels?.GetValueOrDefault(RegionLabel);

    public string? Zone => Cluster.Metadata.Labels?.GetValueOrDefault(ZoneLabel);

    public int? Nodes => Cluster.Status?.NodeCount;

    public string? Cpu => Cluster.Status?.Capacity?.GetValueOrDefault("cpu");

    public string? Memory => Cluster.Status?.Capacity?.GetValueOrDefault("memory");

    /// <summary>
    /// A cluster and its heartbeat Lease (<c>&lt;name&gt;</c> in <c>tdcc-cluster-&lt;name&gt;</c>); last seen is the
    /// Lease's renew time, else the hub's <c>status.lastSeen</c>.
    /// </summary>
    public static ClusterSummary Of(ManagedCluster cluster, Lease? heartbeat)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new ClusterSummary(cluster, StatusOf(cluster), heartbeat?.Spec?.RenewTime ?? cluster.Status?.LastSeen);
    }

    /// <summary>
    /// What the hub's conditions say: <c>Withdrawn</c> (offline beyond the grace period, exports withdrawn),
    /// <c>Offline</c> (heartbeats late), <c>Ready</c> (heartbeats arrive), else <c>Pending</c> (no heartbeat judged yet).
    /// </summary>
    public static string StatusOf(ManagedCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var conditions = cluster.Status?.Conditions;
        if (ConditionSet.IsTrue(conditions, ClusterConditions.Withdrawn))
        {
            return "Withdrawn";
        }

        if (ConditionSet.IsTrue(conditions, ClusterConditions.Offline) || ConditionSet.IsFalse(conditions, ClusterConditions.Ready))
        {
            return "Offline";
        }

        return ConditionSet.IsTrue(conditions, ClusterConditions.Ready) ? "Ready" : "Pending";
    }

    /// <summary>The facts of the row as JSON.</summary>
    public JsonObject ToJson()
    {
        var status = Cluster.Status;
        return new JsonObject
        {
            ["name"] = Name,
            ["clusterId"] = Cluster.Spec?.ClusterId,
            ["syncMode"] = Cluster.Spec?.SyncMode,
            ["status"] = Status,
            ["region"] = Region,
            ["zone"] = Zone,
            ["kubernetesVersion"] = status?.KubernetesVersion,
            ["nodes"] = Nodes,
            ["capacity"] = Quantities(status?.Capacity),
            ["allocatable"] = Quantities(status?.Allocatable),
            ["lastSeen"] = LastSeen,
            ["creationTimestamp"] = Cluster.Metadata.CreationTimestamp,
            ["conditions"] = Conditions.ToJson(status?.Conditions),
        };
    }

    private static JsonObject? Quantities(IReadOnlyDictionary<string, string>? values)
    {
        if (values is null)
        {
            return null;
        }

        var json = new JsonObject();
        foreach (var (name, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json[name] = value;
        }

        return json;
    }
}
