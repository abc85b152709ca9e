using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Hosting;

namespace Tdcc.Mesh.Mcs.Import;

/// <summary>
/// Member → hub, one report per cluster: the namespaces of the hub's imports that do not exist here (or are
/// terminating), written as the ConfigMap <see cref="McsNames.MissingNamespacesReport"/> in the cluster's hub
/// namespace, and only when the set changes. The hub turns the reports into the exports' NamespaceMissing condition
/// (KEP-1645 namespace sameness: no import where the namespace is missing). One object per cluster, not one mark per
/// import, keeps the hub's writes at clusters × changes, not clusters × services.
/// </summary>
internal sealed partial class MissingNamespaceReporter(
    McsAgentOptions options,
    [FromKeyedServices(McsClients.Hub)] IInformerStore<ServiceImport> hubImports,
    [FromKeyedServices(McsClients.Member)] IInformerStore<Namespace> namespaces,
    [FromKeyedServices(McsClients.Hub)] IKubeClient hub,
    ILogger<MissingNamespaceReporter> logger) : IReconciler
{
    /// <summary>The one key: every hub import or member namespace change recomputes the whole (small) set.</summary>
    public static readonly ObjectKey Key = ObjectKey.Cluster("missing-namespaces");

    private string? _written;

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var missing = hubImports.List()
            .Where(i => i.Spec is not null && i.Metadata.DeletionTimestamp is null)
            .Select(i => i.Metadata.Labels?.GetValueOrDefault(McsLabels.ServiceNamespace))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Where(ns => namespaces.GetByKey(ObjectKey.Cluster(ns)) is not { Metadata.DeletionTimestamp: null })
            .Order(StringComparer.Ordinal)
            .ToList();
        var value = McsNames.FormatNamespaceList(missing);
        if (string.Equals(value, _written, StringComparison.Ordinal))
        {
            return ReconcileResult.Done;
        }

        var labels = ImmutableDictionary<string, string>.Empty
            .Add(McsLabels.ManagedBy, McsLabels.ManagedByValue)
            .Add(McsLabels.SourceCluster, options.ClusterId)
            .Add(McsLabels.Report, McsLabels.MissingNamespacesReportValue);
        var data = ImmutableDictionary<string, string>.Empty.Add(McsNames.MissingNamespacesKey, value);
        var seed = new ConfigMap
        {
            Metadata = new ObjectMeta { Namespace = options.HubNamespace, Name = McsNames.MissingNamespacesReport, Labels = labels },
            Data = data,
        };
        var (result, _) = await hub.Resource<ConfigMap>().CreateOrUpdateAsync(
            seed,
            existing => existing with
            {
                Metadata = existing.Metadata with { Labels = (existing.Metadata.Labels ?? ImmutableDictionary<string, string>.Empty).SetItems(labels) },
                Data = data,
            },
            cancellationToken).ConfigureAwait(false);
        _written = value;
        if (result != OperationResult.Unchanged)
        {
            Log.Reported(logger, options.ClusterId, options.HubNamespace, missing.Count, missing);
        }

        return ReconcileResult.Done;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4310, EventName = "MissingNamespacesReported", Level = LogLevel.Information,
            Message = "Cluster {Cluster} reported to hub namespace {HubNamespace} the {Count} imported namespace(s) it lacks: {Namespaces}")]
        public static partial void Reported(ILogger logger, string cluster, string hubNamespace, int count, IReadOnlyList<string> namespaces);
    }
}
