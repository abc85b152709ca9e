using Tdcc.Mesh.ApiMachinery.Selectors;
using Tdcc.Mesh.Distribution.Api;

namespace Tdcc.Mesh.Distribution.Rendering;

/// <summary>
/// Which overrides apply to one feed in one cluster, in the documented order (docs/distribution.md): the matching
/// Globalizations by ascending priority (ties by name), then the cluster's Localizations by ascending priority (ties by
/// name), and within one object its overrides in list order. A later override wins.
/// </summary>
public static class OverrideOrder
{
    /// <summary>The default priority of a Localization or Globalization.</summary>
    public const int DefaultPriority = 500;

    /// <summary>
    /// The overrides of <paramref name="feed"/> for a cluster with <paramref name="clusterLabels"/>, from every
    /// Globalization and from <paramref name="localizations"/> (the caller passes the cluster's hub namespace's only).
    /// </summary>
    public static IReadOnlyList<SourcedOverride> For(
        Feed feed,
        IReadOnlyDictionary<string, string> clusterLabels,
        IEnumerable<Globalization> globalizations,
        IEnumerable<Localization> localizations)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(clusterLabels);
        ArgumentNullException.ThrowIfNull(globalizations);
        ArgumentNullException.ThrowIfNull(localizations);
        var result = new List<SourcedOverride>();
        var global = globalizations
            .Where(g => g.Spec is { } spec && SameFeed(spec.Feed, feed) && MatchesCluster(spec.ClusterSelector, clusterLabels))
            .OrderBy(g => g.Spec!.Priority ?? DefaultPriority)
            .ThenBy(g => g.Metadata.Name, StringComparer.Ordinal);
        foreach (var g in global)
        {
            result.AddRange((g.Spec!.Overrides ?? []).Select(rule => new SourcedOverride($"Globalization/{g.Metadata.Name}", rule)));
        }

        var local = localizations
            .Where(l => l.Spec is { } spec && SameFeed(spec.Feed, feed))
            .OrderBy(l => l.Spec!.Priority ?? DefaultPriority)
            .ThenBy(l => l.Metadata.Name, StringComparer.Ordinal);
        foreach (var l in local)
        {
            result.AddRange((l.Spec!.Overrides ?? []).Select(rule => new SourcedOverride($"Localization/{l.Metadata.Namespace}/{l.Metadata.Name}", rule)));
        }

        return result;
    }

    /// <summary>Whether an override's feed names <paramref name="feed"/> (a Helm feed by its chart name).</summary>
    public static bool SameFeed(Feed? target, Feed feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        if (target is null)
        {
            return false;
        }

        if (feed.HelmChart is { } chart)
        {
            return target.HelmChart?.Chart == chart.Chart;
        }

        return target.HelmChart is null
            && target.ApiVersion == feed.ApiVersion
            && target.Kind == feed.Kind
            && (target.Namespace ?? string.Empty) == (feed.Namespace ?? string.Empty)
            && target.Name == feed.Name;
    }

    private static bool MatchesCluster(Kube.Model.LabelSelector? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return true;
        }

        var node = System.Text.Json.JsonSerializer.SerializeToNode(selector, Kube.Json.KubeJsonContext.Default.LabelSelector);
        return LabelSelector.FromLabelSelector(node).Matches(labels);
    }
}
