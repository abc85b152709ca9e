using Tdcc.Mesh.Clusters.Crds;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Agent;

/// <summary>
/// The member's About API properties: <c>cluster.clusterset.k8s.io</c> (the cluster id; kept once set, as it is
/// immutable while a member) and <c>clusterset.k8s.io</c> (present only while the cluster is a member).
/// </summary>
internal static class ClusterIdentity
{
    /// <summary>Ensures the CRD and the id property; returns the cluster id.</summary>
    public static async Task<string> EnsureIdAsync(IKubeClient member, string? configuredId, CancellationToken cancellationToken)
    {
        await ClusterCrds.EnsureAsync(member, ClusterCrds.Member, cancellationToken).ConfigureAwait(false);
        var properties = member.Resource<ClusterProperty>();
        var existing = await properties.GetAsync(null, ClusterProperty.ClusterIdName, cancellationToken).ConfigureAwait(false);
        if (existing?.Spec?.Value is { Length: > 0 } value)
        {
            return value;
        }

        var id = configuredId;
        if (string.IsNullOrEmpty(id))
        {
            var kubeSystem = await member.Resource<Namespace>().GetAsync(null, "kube-system", cancellationToken).ConfigureAwait(false);
            id = kubeSystem?.Metadata.Uid ?? throw new InvalidOperationException("the member has no kube-system namespace uid to use as cluster id");
        }

        var (_, created) = await properties.CreateIfMissingAsync(Property(ClusterProperty.ClusterIdName, id), cancellationToken).ConfigureAwait(false);
        return created.Spec?.Value ?? id;
    }

    /// <summary>Sets <c>clusterset.k8s.io</c> to the clusterset's name.</summary>
    public static async Task SetClusterSetAsync(IKubeClient member, string clusterSetName, CancellationToken cancellationToken)
    {
        var properties = member.Resource<ClusterProperty>();
        var existing = await properties.GetAsync(null, ClusterProperty.ClusterSetName, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            await properties.CreateIfMissingAsync(Property(ClusterProperty.ClusterSetName, clusterSetName), cancellationToken).ConfigureAwait(false);
        }
        else if (existing.Spec?.Value != clusterSetName)
        {
            await properties.UpdateAsync(existing with { Spec = new ClusterPropertySpec { Value = clusterSetName } }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes <c>clusterset.k8s.io</c> (the cluster is no longer a member).</summary>
    public static Task RemoveClusterSetAsync(IKubeClient member, CancellationToken cancellationToken) =>
        member.Resource<ClusterProperty>().DeleteIfPresentAsync(null, ClusterProperty.ClusterSetName, cancellationToken);

    private static ClusterProperty Property(string name, string value) =>
        new() { Metadata = new ObjectMeta { Name = name }, Spec = new ClusterPropertySpec { Value = value } };
}
