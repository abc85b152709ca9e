using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Hub.Metrics;

/// <summary>
/// The clusterset as the hub's caches hold it, observed at each scrape (what the overview dashboard shows): member
/// clusters by state, exports and export conflicts by cluster, and the ServiceImports the hub aggregated. Nothing is
/// counted between scrapes; every value is read from the informer stores the hub's controllers already keep.
/// </summary>
internal sealed class ClusterSetMetrics
{
    public const string MeterName = "Tdcc.Mesh.Hub";

    /// <summary>The key the MCS hub registers its hub-side informers under (its internal <c>McsClients.Hub</c>).</summary>
    private const string McsHubKey = "hub";

    private readonly IInformerStore<ManagedCluster> _clusters;
    private readonly IInformerStore<ExportedService> _exports;
    private readonly IInformerStore<ServiceImport> _imports;

    public ClusterSetMetrics(
        IMeterFactory meterFactory,
        IInformerStore<ManagedCluster> clusters,
        [FromKeyedServices(McsHubKey)] IInformerStore<ExportedService> exports,
        IInformerStore<ServiceImport> imports)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _clusters = clusters;
        _exports = exports;
        _imports = imports;
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("tdcc.clusterset.clusters", ObserveClusters, "{cluster}", "Clusters known to the hub by state (ready, offline, withdrawn, joining): 1 for each cluster's current state.");
        meter.CreateObservableGauge("tdcc.clusterset.exports", ObserveExports, "{export}", "Services each member cluster exports (its ExportedService objects on the hub), by member_cluster.");
        meter.CreateObservableGauge("tdcc.clusterset.export_conflicts", ObserveConflicts, "{export}", "Exports whose Conflict condition is True, by member_cluster.");
        meter.CreateObservableGauge("tdcc.clusterset.imports", ObserveImports, "{import}", "ServiceImports the hub aggregated, by type.");
    }

    /// <summary>The state a cluster is in, as the dashboards name it.</summary>
    public static string StateOf(ManagedCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var conditions = cluster.Status?.Conditions;
        if (ConditionSet.IsTrue(conditions, ClusterConditions.Withdrawn))
        {
            return "withdrawn";
        }

        if (!ConditionSet.IsTrue(conditions, ClusterConditions.Joined))
        {
            return "joining";
        }

        return ConditionSet.IsTrue(conditions, ClusterConditions.Ready) ? "ready" : "offline";
    }

    private IEnumerable<Measurement<int>> ObserveClusters() =>
        [.. _clusters.List()
            .Where(c => !string.IsNullOrEmpty(c.Metadata.Name))
            .Select(c => new Measurement<int>(1, new KeyValuePair<string, object?>("member_cluster", c.Metadata.Name), new KeyValuePair<string, object?>("state", StateOf(c))))];

    private IEnumerable<Measurement<int>> ObserveExports() =>
        [.. _exports.List()
            .Where(e => e.Spec is not null)
            .GroupBy(e => e.Spec!.ClusterId, StringComparer.Ordinal)
            .Select(g => new Measurement<int>(g.Count(), new KeyValuePair<string, object?>("member_cluster", g.Key)))];

    private IEnumerable<Measurement<int>> ObserveConflicts() =>
        [.. _exports.List()
            .Where(e => e.Spec is not null)
            .GroupBy(e => e.Spec!.ClusterId, StringComparer.Ordinal)
            .Select(g => new Measurement<int>(
                g.Count(e => ConditionSet.IsTrue(e.Status?.Conditions, McsConditions.Conflict)),
                new KeyValuePair<string, object?>("member_cluster", g.Key)))];

    private IEnumerable<Measurement<int>> ObserveImports() =>
        [.. _imports.List()
            .GroupBy(i => i.Spec?.Type ?? "ClusterSetIP", StringComparer.Ordinal)
            .Select(g => new Measurement<int>(g.Count(), new KeyValuePair<string, object?>("type", g.Key)))];
}
