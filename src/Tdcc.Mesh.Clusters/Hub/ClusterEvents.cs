using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Hub;

/// <summary>core/v1 Events about ManagedClusters (cluster-scoped, so they go to the <c>default</c> namespace, as kube does).</summary>
internal static class ClusterEvents
{
    public const string Component = "tdcc-cluster-hub";

    public static async Task RecordAsync(IKubeClient hub, ManagedCluster cluster, string type, string reason, string message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var name = cluster.Metadata.Name ?? string.Empty;
        var evt = new Event
        {
            Metadata = new ObjectMeta { GenerateName = name + ".", Namespace = "default" },
            InvolvedObject = new ObjectReference
            {
                ApiVersion = ClustersApi.ApiVersion,
                Kind = "ManagedCluster",
                Name = name,
                Uid = cluster.Metadata.Uid,
                ResourceVersion = cluster.Metadata.ResourceVersion,
            },
            Reason = reason,
            Message = message,
            Type = type,
            Source = new EventSource { Component = Component },
            ReportingComponent = Component,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        await hub.Resource<Event>().CreateAsync(evt, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
